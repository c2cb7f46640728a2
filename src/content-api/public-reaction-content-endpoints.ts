import { z } from 'zod';
import { contentApiSchemaRegistry } from './content-api-schemas.js';
import type { ContentApiEndpoint } from './openapi-document.js';

const idOrSlugParams = z.strictObject({ idOrSlug: z.string().meta({ description: 'Numeric id or slug of a published article.' }) });

export const reactionCountsResponseSchema = z
  .object({
    article_id: z.number().int(),
    total: z.number().int().meta({ description: 'All reactions to the article.' }),
    reactions: z.array(z.object({ type: z.string(), label: z.string(), count: z.number().int() })).meta({ description: 'Every configured reaction type, in order, with its count.' }),
  })
  .meta({ description: 'Reader reaction counts of one article.' });

const publicCommentSchema = z.object({
  id: z.number().int(),
  parent_id: z.number().int().nullable(),
  author_name: z.string().meta({ description: 'Display name; "a deleted reader" for deleted accounts.' }),
  body: z.string().meta({ description: 'Plain text as written; render it escaped.' }),
  body_html: z.string().meta({ description: 'The text escaped, with http(s) links made clickable (rel="nofollow ugc noopener").' }),
  created_at: z.string(),
  edited_at: z.string().nullable(),
});
export const commentThreadSchema = publicCommentSchema.extend({ replies: z.array(publicCommentSchema) });
export const commentListResponseSchema = z
  .object({
    article_id: z.number().int(),
    comments: z.array(commentThreadSchema),
    meta: z.object({ total: z.number().int(), page: z.number().int(), page_count: z.number().int(), sort: z.enum(['newest', 'oldest']), closed: z.boolean() }),
  })
  .meta({ description: 'Approved comments of one article: top-level comments a page at a time, each with its replies (oldest first).' });
export const commentListQuerySchema = z.strictObject({
  sort: z.enum(['newest', 'oldest'], { error: 'must be newest or oldest' }).default('newest'),
  page: z.string().regex(/^[1-9]\d{0,3}$/, 'must be a whole number from 1 to 9999').transform(Number).default(1),
});

contentApiSchemaRegistry.add(reactionCountsResponseSchema, { id: 'ReactionCounts' });
contentApiSchemaRegistry.add(commentThreadSchema, { id: 'CommentThread' });
contentApiSchemaRegistry.add(commentListResponseSchema, { id: 'CommentList' });

/** The OpenAPI entries of public-reaction-content-routes.ts: every path it serves, with its zod schemas. */
export const PUBLIC_REACTION_CONTENT_ENDPOINTS: readonly ContentApiEndpoint[] = [
  {
    path: '/articles/{idOrSlug}/reactions',
    operationId: 'getArticleReactions',
    summary: 'Reaction counts of an article',
    tag: 'Articles',
    params: idOrSlugParams,
    response: reactionCountsResponseSchema,
    errors: ['Unauthorized', 'NotFound'],
  },
  {
    path: '/articles/{idOrSlug}/comments',
    operationId: 'listArticleComments',
    summary: 'Approved comments of an article',
    description: 'Twenty top-level comments per page with their replies; comments by banned readers and unapproved ones are never included.',
    tag: 'Articles',
    params: idOrSlugParams,
    query: commentListQuerySchema,
    response: commentListResponseSchema,
    errors: ['BadRequest', 'Unauthorized', 'NotFound'],
  },
];
