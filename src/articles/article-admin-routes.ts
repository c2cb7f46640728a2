import { toImageAttrs } from '../media/index.js';
import { articleErrors } from './article-errors.js';
import { publicPageKeys } from './article-cache-keys.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminRouteOptions } from '../admin-api/index.js';
import { requireRole, requireStaff } from '../platform/http/staff-principal.js';
import { presentAdminArticle, presentAdminSummary, presentDiff, presentLock, presentRevision } from './article-admin-presenters.js';
import {
  articleParamsSchema,
  correctionBodySchema,
  decodeAdminCursor,
  diffParamsSchema,
  encodeAdminCursor,
  listQuerySchema,
  lockBodySchema,
  restoreParamsSchema,
  saveBodySchema,
  scheduleBodySchema,
  slugBodySchema,
  transitionBodySchema,
} from './article-admin-schemas.js';
import { parseArticleInput } from './article-edit-schemas.js';
import type { TransitionInput } from './article-lifecycle-service.js';
import type { AdminArticle } from './article.js';

/**
 * Admin API for articles (under /api/admin/v1): the newsroom's workflow. Each handler parses
 * with zod, checks the least role, calls one workflow use case (which applies the finer rules:
 * whose article, which status) and presents snake_case JSON.
 */
export async function articleAdminRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const workflow = options.services.articleWorkflow;
  const staff = { preHandler: requireRole('contributor') };
  const authorPlus = { preHandler: requireRole('author') };
  const editorPlus = { preHandler: requireRole('editor') };
  const adminOnly = { preHandler: requireRole('admin') };
  const idOf = (request: FastifyRequest): number => parseArticleInput(articleParamsSchema, request.params).id;
  const present = (article: AdminArticle) => ({ article: presentAdminArticle(article) });
  /** Id, optional version and principal of a status change. */
  const transition = (request: FastifyRequest): TransitionInput => ({
    id: idOf(request),
    expectedVersion: parseArticleInput(transitionBodySchema, request.body).version,
    actor: requireStaff(request),
  });

  // Exact cache invalidation: remember where a story showed before a write, and after it the
  // pages it shows now; together they are every reader page the write can change.
  const keysBefore = new WeakMap<FastifyRequest, string[]>();
  const publicKeysOf = async (id: number): Promise<string[]> => {
    const [article, tree] = await Promise.all([options.services.articles.getArticle(id), options.services.sections.getTree()]);
    return publicPageKeys(article, { parentOf: (sectionId) => tree.byId.get(sectionId)?.parentId }, new Date().toISOString());
  };
  app.addHook('preHandler', async (request) => {
    if (request.method === 'GET' || !(request.params as { id?: string }).id) return;
    const id = Number((request.params as { id: string }).id);
    if (Number.isInteger(id) && id > 0) keysBefore.set(request, await publicKeysOf(id));
  });
  app.addHook('preSerialization', async (request, reply, payload) => {
    if (request.method === 'GET' || reply.statusCode >= 400) return payload;
    const id = (payload as { article?: { id?: unknown } } | null)?.article?.id;
    if (typeof id !== 'number') return payload;
    request.changedKeys = [...new Set([...(keysBefore.get(request) ?? []), ...(await publicKeysOf(id))])];
    return payload;
  });

  app.get('/articles', staff, async (request) => {
    const query = parseArticleInput(listQuerySchema, request.query);
    const words = query.q?.split(/\s+/).filter((w) => w.length > 0);
    const listed = await workflow.listArticles(
      {
        status: query.status,
        sectionId: query.section,
        authorId: query.author,
        text: words && words.length > 0 ? words : undefined,
        trashed: query.trashed,
        after: query.cursor ? decodeAdminCursor(query.cursor) : undefined,
        limit: query.limit + 1,
      },
      requireStaff(request),
    );
    const page = listed.slice(0, query.limit);
    const last = page[page.length - 1];
    return { articles: page.map(presentAdminSummary), next_cursor: listed.length > query.limit && last ? encodeAdminCursor({ updatedAt: last.updatedAt, id: last.id }) : null };
  });

  /**
   * `lead_image_media_id` picks a picture from the media library: it becomes the stored lead
   * image with the library's variants, alt text, caption and credit.
   */
  const withLibraryImage = async (body: unknown): Promise<unknown> => {
    if (!body || typeof body !== 'object' || !('lead_image_media_id' in body)) return body;
    const { lead_image_media_id: mediaId, ...rest } = body as Record<string, unknown>;
    if (mediaId === null) return { ...rest, lead_image: null };
    if (typeof mediaId !== 'number' || !Number.isInteger(mediaId) || mediaId <= 0) throw articleErrors.invalid({ lead_image_media_id: 'must be the id of a media item, or null' });
    return { ...rest, lead_image: toImageAttrs(await options.services.media.get(mediaId)) };
  };

  app.post('/articles', staff, async (request, reply) => {
    const article = await workflow.createDraft(await withLibraryImage(request.body), requireStaff(request));
    return reply.code(201).header('location', `${request.url.split('?')[0] ?? ''}/${article.id}`).send(present(article));
  });

  app.get('/articles/:id', staff, async (request) => {
    const { article, lock } = await workflow.openForEditing(idOf(request), requireStaff(request));
    return { article: presentAdminArticle(article, lock) };
  });

  app.patch('/articles/:id', staff, async (request) => {
    const { version, ...changes } = parseArticleInput(saveBodySchema, await withLibraryImage(request.body));
    return present(await workflow.save({ id: idOf(request), expectedVersion: version, changes, actor: requireStaff(request) }));
  });

  app.post('/articles/:id/submit', staff, async (request) => present(await workflow.submitForReview(transition(request))));
  app.post('/articles/:id/publish', authorPlus, async (request) => present(await workflow.publish(transition(request))));
  app.post('/articles/:id/schedule', authorPlus, async (request) => {
    const { version, ...body } = parseArticleInput(scheduleBodySchema, request.body);
    return present(await workflow.schedule({ id: idOf(request), expectedVersion: version, actor: requireStaff(request), body }));
  });
  app.post('/articles/:id/unschedule', authorPlus, async (request) => present(await workflow.unschedule(transition(request))));
  app.post('/articles/:id/unpublish', authorPlus, async (request) => present(await workflow.unpublish(transition(request))));
  app.post('/articles/:id/trash', staff, async (request) => present(await workflow.trash(transition(request))));
  app.post('/articles/:id/restore', staff, async (request) => present(await workflow.restoreFromTrash(transition(request))));

  app.delete('/articles/:id', adminOnly, async (request, reply) => {
    const version = parseArticleInput(transitionBodySchema, request.body ?? {}).version;
    await workflow.purge({ id: idOf(request), expectedVersion: version, actor: requireStaff(request) });
    // No body to read the story from afterwards: the pages it was on before are what changes.
    request.changedKeys = keysBefore.get(request) ?? [];
    return reply.code(204).send();
  });

  app.put('/articles/:id/slug', staff, async (request) => {
    const body = parseArticleInput(slugBodySchema, request.body);
    return present(await workflow.changeSlug({ id: idOf(request), slug: body.slug, expectedVersion: body.version, actor: requireStaff(request) }));
  });

  app.post('/articles/:id/corrections', editorPlus, async (request, reply) => {
    const body = parseArticleInput(correctionBodySchema, request.body);
    const article = await workflow.addCorrection({ id: idOf(request), body: body.body, expectedVersion: body.version, actor: requireStaff(request) });
    return reply.code(201).send(present(article));
  });

  app.get('/articles/:id/revisions', staff, async (request) => {
    const revisions = await workflow.listRevisions(idOf(request), requireStaff(request));
    return { revisions: revisions.map(presentRevision) };
  });

  app.get('/articles/:id/revisions/:a/diff/:b', staff, async (request) => {
    const params = parseArticleInput(diffParamsSchema, request.params);
    return presentDiff(await workflow.diffRevisions({ id: params.id, from: params.a, to: params.b, actor: requireStaff(request) }));
  });

  app.post('/articles/:id/revisions/:version/restore', staff, async (request) => {
    const params = parseArticleInput(restoreParamsSchema, request.params);
    const expectedVersion = parseArticleInput(transitionBodySchema, request.body).version;
    return present(await workflow.restoreRevision({ id: params.id, version: params.version, expectedVersion, actor: requireStaff(request) }));
  });

  app.post('/articles/:id/lock', staff, async (request) => {
    const body = parseArticleInput(lockBodySchema, request.body);
    const result = await workflow.acquireLock({ id: idOf(request), actor: requireStaff(request), takeOver: body.take_over ?? false });
    // Edit locks are newsroom state, on no reader page.
    request.changedKeys = [];
    return { lock: presentLock(result.lock), previous_holder: result.previous ? presentLock(result.previous) : null };
  });

  app.delete('/articles/:id/lock', staff, async (request, reply) => {
    await workflow.releaseLock({ id: idOf(request), actor: requireStaff(request) });
    request.changedKeys = [];
    return reply.code(204).send();
  });
}
