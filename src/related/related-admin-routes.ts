import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminRouteOptions } from '../admin-api/index.js';
import { articlePath } from '../articles/index.js';
import { requireRole, requireStaff } from '../platform/http/staff-principal.js';
import { excludesBodySchema, parseRelatedInput, pinsBodySchema, relatedParamsSchema } from './related-schemas.js';

/**
 * Admin API for Related stories (under /api/admin/v1), editors and admins only: the computed
 * list with its reasons, and the article's pins (shown first, in order) and excludes (never shown).
 */
export async function relatedAdminRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { services } = options;
  const editorPlus = { preHandler: requireRole('editor') };
  const idOf = (request: FastifyRequest): number => parseRelatedInput(relatedParamsSchema, request.params).id;

  const storyOf = async (id: number) => {
    const article = await services.articles.getArticle(id);
    return article ? { id, headline: article.headline, url: articlePath(article.slug), status: article.status } : { id, headline: '', url: '', status: 'missing' };
  };

  const view = async (id: number) => {
    const [curation, list] = await Promise.all([services.related.getCuration(id), services.related.listRelated(id)]);
    const stories = await Promise.all(list.map(async (entry) => ({ entry, story: await storyOf(entry.id) })));
    return {
      article_id: id,
      related: stories.map(({ entry, story }) => ({
        ...story,
        position: entry.position,
        score: entry.score,
        text_similarity: entry.textSimilarity,
        pinned: entry.pinned,
        reason: { shared_terms: entry.reason.sharedTerms, shared_tags: entry.reason.sharedTags, same_section: entry.reason.sameSection, pinned: entry.reason.pinned },
        reason_text: entry.reasonText,
      })),
      pins: await Promise.all(curation.pins.map(storyOf)),
      excludes: await Promise.all(curation.excludes.map(storyOf)),
    };
  };

  app.get('/articles/:id/related', { ...editorPlus, config: { summary: 'Related stories of an article: the list with reasons, pins and excludes' } }, async (request) => view(idOf(request)));

  for (const [kind, path, schema] of [
    ['pin', 'pins', pinsBodySchema],
    ['exclude', 'excludes', excludesBodySchema],
  ] as const) {
    app.put(`/articles/:id/related/${path}`, { ...editorPlus, config: { summary: kind === 'pin' ? 'Set the stories pinned first in Related, in order' : 'Set the stories never shown in Related' } }, async (request) => {
      const id = idOf(request);
      const body = parseRelatedInput(schema, request.body);
      await services.related.setCuration(id, kind, body.ids, requireStaff(request));
      // Only this article's page shows its Related list.
      request.changedKeys = [`article:${id}`];
      return view(id);
    });
  }
}
