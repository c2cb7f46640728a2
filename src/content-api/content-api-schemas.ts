import { z } from 'zod';
import { richTextDocumentSchema } from '../rich-text/index.js';
import { SLUG_PATTERN } from '../platform/slug.js';
import { contentApiErrors } from './content-api-errors.js';

/**
 * The one source of truth for the Content API's shapes: handlers validate requests with the
 * query and path schemas, presenters are typed by the response schemas, and the OpenAPI
 * document is generated from both with `z.toJSONSchema`.
 */

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

const SECTION_PATH_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
const LIMIT_MESSAGE = `must be a whole number from 1 to ${MAX_PAGE_SIZE}`;

const slugParam = z.string({ error: 'must be given once' }).max(200, { error: 'is too long' }).regex(SLUG_PATTERN, { error: 'must be a slug: lowercase letters and digits joined by hyphens' });

/** `?limit=` arrives as text; only plain digits become a number, so "1e1" or " 5" are refused. */
const limitParam = z
  .preprocess(
    (value) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value),
    z.number({ error: LIMIT_MESSAGE }).int({ error: LIMIT_MESSAGE }).min(1, { error: LIMIT_MESSAGE }).max(MAX_PAGE_SIZE, { error: LIMIT_MESSAGE }),
  )
  .default(DEFAULT_PAGE_SIZE)
  .meta({ description: `Articles per page, 1 to ${MAX_PAGE_SIZE}.` });

export const listArticlesQuerySchema = z.strictObject({
  limit: limitParam,
  cursor: z
    .string({ error: 'must be given once' })
    .min(1, { error: 'must not be empty' })
    .max(200, { error: 'is too long' })
    .optional()
    .meta({ description: 'Opaque position from `meta.next_cursor` of the previous page. Omit for the first page.' }),
  section: z
    .string({ error: 'must be given once' })
    .max(300, { error: 'is too long' })
    .regex(SECTION_PATH_PATTERN, { error: 'must be a section path such as world/asia' })
    .optional()
    .meta({ description: 'Only stories in this section or any section below it, by path (e.g. `world/asia`).', examples: ['world/asia'] }),
  tag: slugParam.optional().meta({ description: 'Only stories with this tag, by slug.' }),
  author: slugParam.optional().meta({ description: 'Only stories by this author, by slug.' }),
});
export type ListArticlesQuery = z.output<typeof listArticlesQuerySchema>;

/** Endpoints that take no query parameters (besides the content key) refuse any. */
export const emptyQuerySchema = z.strictObject({});

export const articleParamsSchema = z.strictObject({
  idOrSlug: z.string().min(1).max(200).meta({ description: 'Numeric article id, or the article slug.', examples: ['42', 'council-approves-budget'] }),
});
export const slugParamsSchema = z.strictObject({
  slug: z.string().min(1).max(200).meta({ description: 'Slug.' }),
});

/** The parameter that carries the key; checked by the auth hook, so request schemas never see it. */
export const CONTENT_KEY_QUERY_PARAM = 'key';

/**
 * Validates `input` (the query string or path parameters) against `schema`.
 * Unknown parameters and bad values become one 400 INVALID_REQUEST naming each field.
 */
export function parseRequestPart<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[key.slice(0, 100)] = 'is not a known parameter';
    } else {
      const field = issue.path.map(String).join('.') || 'request';
      fields[field] ??= issue.message;
    }
  }
  throw contentApiErrors.invalidRequest(fields);
}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

const id = z.number().int().positive();
const dateTime = z.iso.datetime({ offset: true });
const sitePath = z.string().meta({ description: 'Site-relative URL path on the reader site.' });

export const sectionRefSchema = z
  .strictObject({ id, slug: z.string(), path: z.string().meta({ description: 'Slugs from the top section, joined by "/".' }), name: z.string() })
  .meta({ description: 'A section, as articles refer to it.' });

export const bylineSchema = z.strictObject({ id, slug: z.string(), name: z.string(), url: sitePath }).meta({ description: 'An author, as bylines refer to them.' });

export const tagSchema = z.strictObject({ id, slug: z.string(), name: z.string(), url: sitePath });

export const correctionSchema = z.strictObject({ id, body: z.string(), corrected_at: dateTime });

export const imageSchema = z
  .strictObject({
    src: z.string(),
    alt: z.string(),
    caption: z.string().nullable(),
    credit: z.string().nullable(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    variants: z.array(z.strictObject({ src: z.string(), width: z.number().int(), type: z.enum(['image/jpeg', 'image/webp', 'image/avif', 'image/png']) })),
  })
  .meta({ description: 'An image with its responsive variants. `src` may be site-relative.' });

export const articleSchema = z.strictObject({
  id,
  slug: z.string(),
  url: sitePath,
  absolute_url: z.string().meta({ description: 'The canonical URL of the story on the reader site.' }),
  status: z.literal('published'),
  kicker: z.string().nullable(),
  headline: z.string(),
  dek: z.string(),
  seo_title: z.string().nullable(),
  seo_description: z.string().nullable(),
  social_title: z.string().nullable(),
  social_description: z.string().nullable(),
  section: sectionRefSchema.nullable().meta({ description: 'The primary section.' }),
  sections: z.array(sectionRefSchema).meta({ description: 'Secondary sections.' }),
  authors: z.array(bylineSchema),
  tags: z.array(tagSchema),
  dateline: z.string().nullable(),
  lead_image: imageSchema.nullable(),
  body_html: z.string().meta({ description: 'The body rendered to sanitised HTML.' }),
  // No .meta() here: that would copy the schema and lose its #/components/schemas/RichTextDocument name.
  body: richTextDocumentSchema,
  word_count: z.number().int().nonnegative(),
  reading_minutes: z.number().int().positive(),
  corrections: z.array(correctionSchema),
  published_at: dateTime,
  updated_at: dateTime,
  version: z.number().int().positive(),
});
export type ContentArticle = z.output<typeof articleSchema>;

export const articleListResponseSchema = z.strictObject({
  articles: z.array(articleSchema),
  meta: z.strictObject({
    next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
    limit: z.number().int().positive(),
  }),
});
export const relatedStorySchema = z
  .strictObject({
    id,
    url: sitePath,
    headline: z.string(),
    reason: z.string().meta({ description: 'Why it was chosen, e.g. "Shares: Kyrgyzstan, CSTO · Same section: Asia"; pinned stories start with "Chosen by the editors".' }),
  })
  .meta({ description: 'A related story: computed from text, sections, tags and recency, or pinned by an editor.' });
/** One story as `GET /articles/{idOrSlug}` answers it: the article plus its Related list. */
export const articleDetailSchema = articleSchema.extend({
  related: z.array(relatedStorySchema).meta({ description: 'Related stories (usually 4–6), editors\' pins first; only published stories.' }),
});
export type ContentArticleDetail = z.output<typeof articleDetailSchema>;
export const articleResponseSchema = z.strictObject({ article: articleDetailSchema });

export const sectionNodeSchema = z.strictObject({
  id,
  slug: z.string(),
  path: z.string(),
  name: z.string(),
  description: z.string(),
  position: z.number().int(),
  url: sitePath,
  get children(): z.ZodArray<typeof sectionNodeSchema> {
    return z.array(sectionNodeSchema);
  },
});
export type ContentSectionNode = z.output<typeof sectionNodeSchema>;
export const sectionsResponseSchema = z.strictObject({ sections: z.array(sectionNodeSchema) });

export const authorSchema = z.strictObject({ id, slug: z.string(), name: z.string(), bio: z.string(), photo_url: z.string().nullable(), url: sitePath });
export const authorsResponseSchema = z.strictObject({ authors: z.array(authorSchema) });
export const authorResponseSchema = z.strictObject({ author: authorSchema });

export const tagsResponseSchema = z.strictObject({ tags: z.array(tagSchema) });

export const pageSummarySchema = z.strictObject({ id, slug: z.string(), title: z.string(), url: sitePath, published_at: dateTime.nullable(), updated_at: dateTime });
export const pageSchema = pageSummarySchema.extend({
  body_html: z.string().meta({ description: 'The body rendered to sanitised HTML.' }),
  // No .meta() here: that would copy the schema and lose its #/components/schemas/RichTextDocument name.
  body: richTextDocumentSchema,
});
export const pagesResponseSchema = z.strictObject({ pages: z.array(pageSummarySchema) });
export const pageResponseSchema = z.strictObject({ page: pageSchema });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().meta({ description: 'Stable error code, e.g. CONTENT_KEY_INVALID.' }),
    instance: z.string().optional(),
    fields: z.record(z.string(), z.string()).optional().meta({ description: 'What is wrong with each named parameter.' }),
  })
  .meta({ description: 'RFC 9457 problem details.' });

/** Named schemas: each becomes `#/components/schemas/{id}` in the OpenAPI document. */
export const contentApiSchemaRegistry = z.registry<{ id: string }>();
const named: [z.ZodType, string][] = [
  [sectionRefSchema, 'SectionRef'],
  [bylineSchema, 'Byline'],
  [tagSchema, 'Tag'],
  [correctionSchema, 'Correction'],
  [imageSchema, 'Image'],
  [richTextDocumentSchema, 'RichTextDocument'],
  [articleSchema, 'Article'],
  [relatedStorySchema, 'RelatedStory'],
  [articleDetailSchema, 'ArticleDetail'],
  [articleListResponseSchema, 'ArticleList'],
  [articleResponseSchema, 'ArticleResponse'],
  [sectionNodeSchema, 'SectionNode'],
  [sectionsResponseSchema, 'SectionTree'],
  [authorSchema, 'Author'],
  [authorsResponseSchema, 'AuthorList'],
  [authorResponseSchema, 'AuthorResponse'],
  [tagsResponseSchema, 'TagList'],
  [pageSummarySchema, 'PageSummary'],
  [pageSchema, 'Page'],
  [pagesResponseSchema, 'PageList'],
  [pageResponseSchema, 'PageResponse'],
  [problemSchema, 'Problem'],
];
// The recursive block node is not exported by rich-text; name it through the document's shape so
// the OpenAPI document gets #/components/schemas/RichTextBlock instead of an anonymous definition.
if (richTextDocumentSchema instanceof z.ZodObject) {
  const content = (richTextDocumentSchema as z.ZodObject).shape.content;
  if (content instanceof z.ZodArray) named.push([content.element as z.ZodType, 'RichTextBlock']);
}
for (const [schema, schemaId] of named) contentApiSchemaRegistry.add(schema, { id: schemaId });
