import { z } from 'zod';
import { bylineSchema, contentApiSchemaRegistry, imageSchema, sectionRefSchema } from './content-api-schemas.js';
import type { ContentApiEndpoint } from './openapi-document.js';

const LIMIT_MESSAGE = 'must be a whole number from 1 to 20';

export const trendingQuerySchema = z.strictObject({
  section: z
    .string({ error: 'must be given once' })
    .max(200, { error: 'is too long' })
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'must be the path of a top-level section, such as world' })
    .optional()
    .meta({ description: 'Only stories of this top-level section (a story counts for the top-level section above its primary section), by path.', examples: ['world'] }),
  limit: z
    .preprocess(
      (value) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value),
      z.number({ error: LIMIT_MESSAGE }).int({ error: LIMIT_MESSAGE }).min(1, { error: LIMIT_MESSAGE }).max(20, { error: LIMIT_MESSAGE }),
    )
    .default(10)
    .meta({ description: 'How many stories, 1 to 20. Default 10.' }),
});

export const trendingStorySchema = z.strictObject({
  rank: z.number().int().positive(),
  score: z.number().nonnegative().meta({ description: 'Views weighted by age: a view one half-life old counts half.' }),
  views: z.number().int().nonnegative().meta({ description: 'Counted views in the last 48 hours.' }),
  article: z.strictObject({
    id: z.number().int().positive(),
    slug: z.string(),
    url: z.string(),
    absolute_url: z.string(),
    kicker: z.string().nullable(),
    headline: z.string(),
    dek: z.string(),
    section: sectionRefSchema.nullable(),
    authors: z.array(bylineSchema),
    lead_image: imageSchema.nullable(),
    published_at: z.iso.datetime({ offset: true }),
  }),
});

export const trendingResponseSchema = z.strictObject({
  trending: z.array(trendingStorySchema),
  meta: z.strictObject({
    section: sectionRefSchema.nullable().meta({ description: 'The section asked for; null for the whole site.' }),
    half_life_hours: z.number().positive(),
    window_hours: z.number().int().positive(),
  }),
});

contentApiSchemaRegistry.add(trendingStorySchema, { id: 'TrendingStory' });
contentApiSchemaRegistry.add(trendingResponseSchema, { id: 'TrendingList' });

/** The OpenAPI entries of trending-content-routes.ts: every path it serves, with its zod schemas. */
export const TRENDING_CONTENT_ENDPOINTS: readonly ContentApiEndpoint[] = [
  {
    path: '/trending',
    operationId: 'listTrending',
    summary: 'Trending Stories',
    description:
      "The most-read published stories right now, from the site's own cookie-free page-view counts: views of the last 48 hours, " +
      'each weighted by 2^(−age / half-life) (TRENDING_HALF_LIFE_HOURS, default 6). Site-wide, or for one top-level section.',
    tag: 'Articles',
    query: trendingQuerySchema,
    response: trendingResponseSchema,
    errors: ['BadRequest', 'Unauthorized'],
  },
];
