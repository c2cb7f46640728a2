import { z } from 'zod';
import { articleSchema, contentApiSchemaRegistry } from './content-api-schemas.js';
import type { ContentApiEndpoint } from './openapi-document.js';

const SECTION_PATH_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/;

export const collectionParamsSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'must be a collection name: lowercase letters and digits joined by hyphens' })
    .meta({ description: 'Collection name, e.g. `editors-picks` or `homepage-lead`.', examples: ['editors-picks'] }),
});

export const collectionQuerySchema = z.strictObject({
  section: z
    .string({ error: 'must be given once' })
    .max(300, { error: 'is too long' })
    .regex(SECTION_PATH_PATTERN, { error: 'must be a section path such as world/asia' })
    .optional()
    .meta({ description: "The section's collection of that name, by section path (e.g. `world`). Omit for the site-wide collection.", examples: ['world'] }),
});

export const collectionSchema = z.strictObject({
  name: z.string(),
  section: z.string().nullable().meta({ description: 'Path of the section the collection belongs to; null for the site-wide one.' }),
  updated_at: z.string().meta({ description: 'When editors last changed it (ISO 8601).' }),
  articles: z.array(articleSchema).meta({ description: 'Its published stories in the editors’ order; expired items and unpublished stories are left out.' }),
});
export const collectionResponseSchema = z.strictObject({ collection: collectionSchema });

contentApiSchemaRegistry.add(collectionSchema, { id: 'Collection' });
contentApiSchemaRegistry.add(collectionResponseSchema, { id: 'CollectionResponse' });

/** The OpenAPI entries of collections-content-routes.ts: every path it serves, with its zod schemas. */
export const COLLECTIONS_CONTENT_ENDPOINTS: readonly ContentApiEndpoint[] = [
  {
    path: '/collections/{name}',
    operationId: 'getCollection',
    summary: "An editors' collection (Editor's Picks, home page lead)",
    description: 'The live stories of a named collection, site-wide or for one section (`?section=`), in order. 404 when there is no such collection.',
    tag: 'Articles',
    params: collectionParamsSchema,
    query: collectionQuerySchema,
    response: collectionResponseSchema,
    errors: ['BadRequest', 'Unauthorized', 'NotFound'],
  },
];
