import { z } from 'zod';
import { SLUG_PATTERN } from '../platform/slug.js';
import { MAX_QUERY_LENGTH, MAX_SEARCH_DEPTH } from '../search/index.js';
import { articleSchema, contentApiSchemaRegistry } from './content-api-schemas.js';
import type { ContentApiEndpoint } from './openapi-document.js';

const SECTION_PATH_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
export const SEARCH_MAX_LIMIT = 100;
export const SEARCH_DEFAULT_LIMIT = 20;
/** Longest `q` taken at all; only the first MAX_QUERY_LENGTH characters are searched. */
export const SEARCH_MAX_Q_PARAM = 2_000;
const LIMIT_MESSAGE = `must be a whole number from 1 to ${SEARCH_MAX_LIMIT}`;
const PAGE_MESSAGE = 'must be a whole number from 1';
const once = { error: 'must be given once' };
const day = z
  .string(once)
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date written YYYY-MM-DD' })
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text) && text >= '1900-01-01' && text <= '2999-12-31';
  }, { error: 'must be a real date from 1900-01-01 to 2999-12-31' });

export const searchQuerySchema = z.strictObject({
  q: z
    .string(once)
    .max(SEARCH_MAX_Q_PARAM, { error: `is too long (at most ${SEARCH_MAX_Q_PARAM} characters)` })
    .default('')
    .meta({
      description:
        `What to search for: words (all must appear; word forms match, e.g. "flood" finds "flooding") and "quoted phrases". ` +
        `Nothing is syntax: operators and punctuation are ignored. Only the first ${MAX_QUERY_LENGTH} characters are used. Empty: no results.`,
      examples: ['volga floods', '"central bank" rates'],
    }),
  section: z
    .string(once)
    .max(300, { error: 'is too long' })
    .regex(SECTION_PATH_PATTERN, { error: 'must be a section path such as world/asia' })
    .optional()
    .meta({ description: 'Only stories in this section or any section below it (primary or secondary), by path.', examples: ['world/asia'] }),
  author: z.string(once).max(200, { error: 'is too long' }).regex(SLUG_PATTERN, { error: 'must be an author slug' }).optional().meta({ description: 'Only stories by this author, by slug.' }),
  from: day.optional().meta({ description: "Only stories published on or after this day (the publication's time zone)." }),
  to: day.optional().meta({ description: "Only stories published on or before this day (the publication's time zone)." }),
  limit: z
    .preprocess(
      (value) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value),
      z.number({ error: LIMIT_MESSAGE }).int({ error: LIMIT_MESSAGE }).min(1, { error: LIMIT_MESSAGE }).max(SEARCH_MAX_LIMIT, { error: LIMIT_MESSAGE }),
    )
    .default(SEARCH_DEFAULT_LIMIT)
    .meta({ description: `Results per page, 1 to ${SEARCH_MAX_LIMIT}.` }),
  cursor: z.string(once).min(1, { error: 'must not be empty' }).max(200, { error: 'is too long' }).optional().meta({ description: 'Opaque position from `meta.next_cursor` of the previous page. Not together with `page`.' }),
  page: z
    .preprocess((value) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value), z.number({ error: PAGE_MESSAGE }).int({ error: PAGE_MESSAGE }).min(1, { error: PAGE_MESSAGE }))
    .optional()
    .meta({ description: `Page number (1 = first) for numbered pagination; results stop after the first ${MAX_SEARCH_DEPTH} matches. Not together with \`cursor\`.` }),
});
export type SearchQuery = z.output<typeof searchQuerySchema>;

export const searchResultSchema = z.strictObject({
  article: articleSchema,
  score: z.number().meta({ description: 'Relevance; higher is better. Comparable only within one search.' }),
  headline_html: z.string().meta({ description: 'The headline as escaped HTML text with matched words in `<mark>`.' }),
  snippet_html: z.string().meta({ description: 'A passage around the matches (body, else the standfirst) as escaped HTML text with matched words in `<mark>`.' }),
});

export const searchResponseSchema = z.strictObject({
  results: z.array(searchResultSchema).meta({ description: 'Best match first; ties newest first.' }),
  meta: z.strictObject({
    query: z.string().meta({ description: 'The query as searched (cleaned and shortened).' }),
    total: z.number().int().nonnegative().meta({ description: 'All matches, not only this page; counting stops at 1,000 (the deepest result a search pages to).' }),
    total_is_lower_bound: z.boolean().meta({ description: 'True when more than `total` stories matched (counting stopped at 1,000).' }),
    limit: z.number().int().positive(),
    page: z.number().int().positive(),
    next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
  }),
});
export type SearchResponseBody = z.output<typeof searchResponseSchema>;

contentApiSchemaRegistry.add(searchResultSchema, { id: 'SearchResult' });
contentApiSchemaRegistry.add(searchResponseSchema, { id: 'SearchResults' });

/** The OpenAPI entries of search-content-routes.ts: every path it serves, with its zod schemas. */
export const SEARCH_CONTENT_ENDPOINTS: readonly ContentApiEndpoint[] = [
  {
    path: '/search',
    operationId: 'searchArticles',
    summary: 'Search published articles',
    description:
      'Full-text search of published stories, ranked by relevance (headline matches count most), with highlighted snippets. ' +
      'Filter by section, author and publication days; page with `cursor` (from `meta.next_cursor`) or `page`.',
    tag: 'Articles',
    query: searchQuerySchema,
    response: searchResponseSchema,
    errors: ['BadRequest', 'Unauthorized', 'TooManyRequests'],
  },
];
