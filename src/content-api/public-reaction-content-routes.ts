import type { FastifyInstance } from 'fastify';
import type { Article } from '../articles/index.js';
import type { PublicComment } from '../comments/index.js';
import { httpErrors } from '../platform/http/problem-details.js';
import { fieldErrors } from '../platform/validation/zod-field-errors.js';
import { queryWithoutKey, sendData } from './content-api-http.js';
import type { ContentApiOptions } from './content-api-routes.js';
import { commentListQuerySchema } from './public-reaction-content-endpoints.js';

const NUMERIC_ID = /^[1-9]\d{0,15}$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function presentComment(c: PublicComment) {
  return { id: c.id, parent_id: c.parentId, author_name: c.authorName, body: c.body, body_html: c.bodyHtml, created_at: c.createdAt, edited_at: c.editedAt };
}

/** Content API: reaction counts and approved comments per article. Registered inside the content-key scope; each path is listed in public-reaction-content-endpoints.ts. */
export async function publicReactionContentRoutes(api: FastifyInstance, options: ContentApiOptions): Promise<void> {
  const { services } = options;
  const published = async (idOrSlug: string): Promise<Article> => {
    let article: Article | undefined;
    if (NUMERIC_ID.test(idOrSlug)) article = await services.articles.findPublishedById(Number(idOrSlug));
    else if (SLUG.test(idOrSlug)) {
      const lookup = await services.articles.lookupPublished(idOrSlug);
      article = lookup.kind === 'found' ? lookup.article : undefined;
    }
    if (!article) throw httpErrors.notFound('article');
    return article;
  };

  api.get<{ Params: { idOrSlug: string } }>('/articles/:idOrSlug/reactions', async (request, reply) => {
    const article = await published(request.params.idOrSlug);
    const summary = await services.reactions.summary(article.id);
    return sendData(reply, { article_id: article.id, total: summary.total, reactions: summary.counts.map((c) => ({ type: c.type, label: c.label, count: c.count })) });
  });

  api.get<{ Params: { idOrSlug: string } }>('/articles/:idOrSlug/comments', async (request, reply) => {
    const parsed = commentListQuerySchema.safeParse(queryWithoutKey(request));
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      throw httpErrors.invalidRequest(`Check these parameters: ${Object.keys(fields).join(', ')}.`, fields);
    }
    const article = await published(request.params.idOrSlug);
    const [list, closed] = await Promise.all([services.comments.list(article.id, { sort: parsed.data.sort, page: parsed.data.page }), services.comments.isClosed(article.id)]);
    return sendData(reply, {
      article_id: article.id,
      comments: list.comments.map((c) => ({ ...presentComment(c), replies: c.replies.map(presentComment) })),
      meta: { total: list.total, page: list.page, page_count: list.pageCount, sort: parsed.data.sort, closed },
    });
  });
}
