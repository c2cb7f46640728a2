import { z } from 'zod';
import { COLLECTIONS_CONTENT_ENDPOINTS } from './collections-content-endpoints.js';
import { PUBLIC_REACTION_CONTENT_ENDPOINTS } from './public-reaction-content-endpoints.js';
import { SEARCH_CONTENT_ENDPOINTS } from './search-content-endpoints.js';
import { TRENDING_CONTENT_ENDPOINTS } from './trending-content-endpoints.js';
import {
  articleListResponseSchema,
  articleParamsSchema,
  articleResponseSchema,
  authorResponseSchema,
  authorsResponseSchema,
  contentApiSchemaRegistry,
  emptyQuerySchema,
  listArticlesQuerySchema,
  pageResponseSchema,
  pagesResponseSchema,
  sectionsResponseSchema,
  slugParamsSchema,
  tagsResponseSchema,
} from './content-api-schemas.js';

type JsonObject = Record<string, unknown>;
type ErrorResponse = 'BadRequest' | 'Unauthorized' | 'NotFound' | 'Gone' | 'TooManyRequests';

/** One operation of the API as the document describes it. */
export interface ContentApiEndpoint {
  /** OpenAPI path template, relative to the API base, e.g. /articles/{idOrSlug}. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: 'Articles' | 'Sections' | 'Authors' | 'Tags' | 'Pages' | 'Meta';
  query?: z.ZodObject;
  params?: z.ZodObject;
  /** A schema registered in contentApiSchemaRegistry, or undefined for a free-form body. */
  response?: z.ZodType;
  errors: ErrorResponse[];
  /** Answers 301 to the current URL when the slug has changed. */
  redirects?: boolean;
  /** Needs no content key. */
  public?: boolean;
  /** Media type of the 200 body when it is not application/json. */
  contentType?: string;
}

/** Every endpoint of the Content API; the route plugin serves exactly these. */
const CORE_ENDPOINTS: readonly ContentApiEndpoint[] = [
  {
    path: '/articles',
    operationId: 'listArticles',
    summary: 'List published articles',
    description: 'Published stories, newest first, a page at a time. Follow `meta.next_cursor` until it is null.',
    tag: 'Articles',
    query: listArticlesQuerySchema,
    response: articleListResponseSchema,
    errors: ['BadRequest', 'Unauthorized'],
  },
  {
    path: '/articles/{idOrSlug}',
    operationId: 'getArticle',
    summary: 'Get one published article',
    description:
      'By numeric id or by slug. An old slug answers 301 with the current URL; a story taken down answers 410. ' +
      'Append `.ninjs` (`/articles/{idOrSlug}.ninjs`) for the same story as an IPTC ninjs 3.0 news item ' +
      '(`application/ninjs+json`, valid against http://www.iptc.org/std/ninjs/ninjs-schema_3.0.json), with the same key, redirects and errors.',
    tag: 'Articles',
    params: articleParamsSchema,
    query: emptyQuerySchema,
    response: articleResponseSchema,
    errors: ['BadRequest', 'Unauthorized', 'NotFound', 'Gone'],
    redirects: true,
  },
  {
    path: '/articles/{idOrSlug}.ninjs',
    operationId: 'getArticleNinjs',
    summary: 'One published article as IPTC ninjs 3.0',
    description: 'The same story as an IPTC ninjs 3.0 news item, valid against http://www.iptc.org/std/ninjs/ninjs-schema_3.0.json.',
    tag: 'Articles',
    params: articleParamsSchema,
    query: emptyQuerySchema,
    errors: ['BadRequest', 'Unauthorized', 'NotFound', 'Gone'],
    redirects: true,
    contentType: 'application/ninjs+json',
  },
  { path: '/sections', operationId: 'getSectionTree', summary: 'The section tree', tag: 'Sections', query: emptyQuerySchema, response: sectionsResponseSchema, errors: ['BadRequest', 'Unauthorized'] },
  { path: '/authors', operationId: 'listAuthors', summary: 'All authors', tag: 'Authors', query: emptyQuerySchema, response: authorsResponseSchema, errors: ['BadRequest', 'Unauthorized'] },
  {
    path: '/authors/{slug}',
    operationId: 'getAuthor',
    summary: 'One author',
    tag: 'Authors',
    params: slugParamsSchema,
    query: emptyQuerySchema,
    response: authorResponseSchema,
    errors: ['BadRequest', 'Unauthorized', 'NotFound'],
  },
  { path: '/tags', operationId: 'listTags', summary: 'All tags', tag: 'Tags', query: emptyQuerySchema, response: tagsResponseSchema, errors: ['BadRequest', 'Unauthorized'] },
  { path: '/pages', operationId: 'listPages', summary: 'Published static pages', tag: 'Pages', query: emptyQuerySchema, response: pagesResponseSchema, errors: ['BadRequest', 'Unauthorized'] },
  {
    path: '/pages/{slug}',
    operationId: 'getPage',
    summary: 'One published static page',
    tag: 'Pages',
    params: slugParamsSchema,
    query: emptyQuerySchema,
    response: pageResponseSchema,
    errors: ['BadRequest', 'Unauthorized', 'NotFound'],
  },
  { path: '/openapi.json', operationId: 'getOpenApiDocument', summary: 'This OpenAPI document', tag: 'Meta', errors: [], public: true },
];

/** Every endpoint of the Content API; the route plugins serve exactly these. */
export const CONTENT_API_ENDPOINTS: readonly ContentApiEndpoint[] = [
  ...CORE_ENDPOINTS,
  ...TRENDING_CONTENT_ENDPOINTS,
  ...COLLECTIONS_CONTENT_ENDPOINTS,
  ...SEARCH_CONTENT_ENDPOINTS,
  ...PUBLIC_REACTION_CONTENT_ENDPOINTS,
];

const ERROR_RESPONSES: Record<ErrorResponse, { status: string; description: string }> = {
  BadRequest: { status: '400', description: 'A parameter is unknown or has a bad value (INVALID_REQUEST, INVALID_CURSOR, UNKNOWN_SECTION, UNKNOWN_TAG, UNKNOWN_AUTHOR).' },
  Unauthorized: { status: '401', description: 'No content key (CONTENT_KEY_MISSING), or an unknown or revoked one (CONTENT_KEY_INVALID).' },
  NotFound: { status: '404', description: 'No such resource (ARTICLE_NOT_FOUND, AUTHOR_NOT_FOUND, PAGE_NOT_FOUND).' },
  Gone: { status: '410', description: 'The article has been taken down (ARTICLE_GONE).' },
  TooManyRequests: { status: '429', description: 'Too many searches from this address in the last minute (SEARCH_RATE_LIMITED); wait the Retry-After seconds.' },
};

const SECURITY_SCHEMES = {
  contentKeyQuery: { type: 'apiKey', in: 'query', name: 'key', description: 'Content key as the `key` query parameter.' },
  contentKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Content-Key', description: 'Content key in the X-Content-Key header.' },
  contentKeyBearer: { type: 'http', scheme: 'bearer', description: 'Content key as `Authorization: Bearer <key>`.' },
};

/** The OpenAPI 3.1 document of the Content API, generated from the zod schemas. */
export function buildOpenApiDocument(options: { publicUrl: string; basePath: string }): JsonObject {
  const schemaName = new Map<z.ZodType, string>();
  for (const schema of CONTENT_API_ENDPOINTS.flatMap((e) => (e.response ? [e.response] : []))) {
    const meta = contentApiSchemaRegistry.get(schema);
    if (!meta) throw new Error('Every response schema must be registered in contentApiSchemaRegistry.');
    schemaName.set(schema, meta.id);
  }

  const paths: Record<string, JsonObject> = {};
  for (const endpoint of CONTENT_API_ENDPOINTS) {
    const responses: JsonObject = {
      '200': {
        description: 'OK',
        headers: endpoint.public ? {} : { 'Cache-Control': { schema: { type: 'string' }, description: '`private, max-age=60`' } },
        content: { [endpoint.contentType ?? 'application/json']: { schema: endpoint.response ? { $ref: componentRef(schemaName.get(endpoint.response) ?? '') } : { type: 'object' } } },
      },
    };
    if (endpoint.redirects) {
      responses['301'] = {
        description: 'The slug has changed: the article now lives at the URL in Location (the query string is kept).',
        headers: { Location: { schema: { type: 'string' }, description: 'API URL of the article under its current slug.' } },
      };
    }
    for (const error of endpoint.errors) responses[ERROR_RESPONSES[error].status] = { $ref: `#/components/responses/${error}` };
    paths[endpoint.path] = {
      get: {
        operationId: endpoint.operationId,
        summary: endpoint.summary,
        ...(endpoint.description ? { description: endpoint.description } : {}),
        tags: [endpoint.tag],
        ...(endpoint.public ? { security: [] } : {}),
        parameters: [...parametersOf(endpoint.params, 'path'), ...parametersOf(endpoint.query, 'query')],
        responses,
      },
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Broadsheet Content API',
      version: '1.0.0',
      description:
        'Read-only JSON API of the published newspaper: articles, sections, authors, tags and static pages. ' +
        'Every endpoint but this document needs a content key. Errors are RFC 9457 problem details with a stable `code`.',
    },
    servers: [{ url: `${options.publicUrl}${options.basePath}` }],
    security: Object.keys(SECURITY_SCHEMES).map((name) => ({ [name]: [] })),
    tags: ['Articles', 'Sections', 'Authors', 'Tags', 'Pages', 'Meta'].map((name) => ({ name })),
    paths,
    components: {
      schemas: componentSchemas(),
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([name, { description }]) => [
          name,
          { description, content: { 'application/problem+json': { schema: { $ref: componentRef('Problem') } } } },
        ]),
      ),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

function componentRef(name: string): string {
  return `#/components/schemas/${name}`;
}

/** The `parameters` entries of one zod object: one per property, described by its JSON Schema. */
function parametersOf(schema: z.ZodObject | undefined, location: 'path' | 'query'): JsonObject[] {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const fieldSchema = field as z.ZodType;
    const json = stripDialect(z.toJSONSchema(fieldSchema, { io: 'input' }) as JsonObject);
    if (fieldSchema instanceof z.ZodDefault) json.default = fieldSchema.def.defaultValue;
    const { description, examples, ...rest } = json;
    return {
      name,
      in: location,
      required: location === 'path' || !fieldSchema.isOptional(),
      ...(typeof description === 'string' ? { description } : {}),
      ...(Array.isArray(examples) && examples.length > 0 ? { example: examples[0] } : {}),
      schema: rest,
    };
  });
}

/**
 * `components.schemas` from the registry. Schemas zod could not name (the recursive
 * rich-text nodes) arrive under `__shared.$defs`; they are lifted to components of their own.
 */
function componentSchemas(): Record<string, JsonObject> {
  const generated = z.toJSONSchema(contentApiSchemaRegistry, { uri: (id) => componentRef(id) }).schemas as Record<string, JsonObject>;
  const { __shared: shared, ...named } = generated;
  const result: Record<string, JsonObject> = {};
  for (const [name, schema] of Object.entries(named)) result[name] = stripDialect(schema);
  const sharedDefs = (shared?.$defs ?? {}) as Record<string, JsonObject>;
  for (const [name, schema] of Object.entries(sharedDefs)) result[sharedName(name)] = schema;
  return rewriteRefs(result) as Record<string, JsonObject>;
}

function sharedName(defName: string): string {
  return `Shared_${defName}`;
}

const SHARED_REF = /^#\/components\/schemas\/__shared#\/\$defs\/(.+)$/;

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') {
      const match = SHARED_REF.exec(child);
      out[key] = match?.[1] ? componentRef(sharedName(match[1])) : child;
    } else {
      out[key] = rewriteRefs(child);
    }
  }
  return out;
}

/** Drops `$schema` and `$id`: OpenAPI 3.1 sets the dialect, and components are named by their key. */
function stripDialect(schema: JsonObject): JsonObject {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}
