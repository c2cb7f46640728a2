import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminRouteOptions } from '../admin-api/index.js';
import { httpErrors } from '../platform/http/problem-details.js';
import { requireRole, requireStaff } from '../platform/http/staff-principal.js';
import { fieldErrors } from '../platform/validation/zod-field-errors.js';
import type { ModeratedComment } from './comment-service.js';

const idParams = z.strictObject({ id: z.string().regex(/^[1-9]\d{0,11}$/, 'must be a positive whole number').transform(Number) });
const queueQuery = z.strictObject({
  queue: z.enum(['pending', 'reported'], { error: 'must be pending or reported' }).default('pending'),
  article_id: z.string().regex(/^[1-9]\d{0,11}$/, 'must be a positive whole number').transform(Number).optional(),
  after_id: z.string().regex(/^\d{1,12}$/, 'must be a whole number').transform(Number).optional(),
  limit: z.string().regex(/^\d{1,3}$/, 'must be a whole number').transform(Number).pipe(z.number().min(1, 'must be at least 1').max(100, 'must be at most 100')).default(50),
});
const settingsBody = z.strictObject({ moderation_mode: z.enum(['pre', 'post'], { error: 'must be pre or post' }) });
const closeBody = z.strictObject({ closed: z.boolean({ error: 'must be true or false' }) });

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const fields = fieldErrors(parsed.error);
  throw httpErrors.invalidRequest(`Check these fields: ${Object.keys(fields).join(', ')}.`, fields);
}

function present(c: ModeratedComment) {
  return { id: c.id, article_id: c.articleId, parent_id: c.parentId, reader_id: c.readerId, author_name: c.authorName, body: c.body, status: c.status, source: c.source, report_count: c.reportCount, reader_banned: c.readerBanned, created_at: c.createdAt, edited_at: c.editedAt };
}

/**
 * Admin API for comment moderation (under /api/admin/v1), for editors and admins: the queue of
 * pending and reported comments, approve / reject / delete, ban a reader, the publication's
 * moderation mode and per-article closing. Every action is in the audit log; every change that
 * readers see drops exactly the affected article pages (surrogate key comments:<articleId>).
 */
export async function commentAdminRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { services } = options;
  const changed = (request: FastifyRequest, articleIds: number[]) => {
    request.changedKeys = [...new Set(articleIds)].map((id) => `comments:${id}`);
  };

  app.get('/comments', { preHandler: requireRole('editor'), config: { summary: 'The moderation queue: pending (default) or reported comments, oldest first.' } }, async (request) => {
    const query = parse(queueQuery, request.query);
    const comments = await services.comments.queue({ kind: query.queue, articleId: query.article_id, afterId: query.after_id, limit: query.limit });
    return { comments: comments.map(present), moderation_mode: await services.comments.moderationMode() };
  });

  app.get('/comments/settings', { preHandler: requireRole('editor'), config: { summary: "The publication's comment moderation mode." } }, async () => ({ moderation_mode: await services.comments.moderationMode() }));

  app.patch('/comments/settings', { preHandler: requireRole('editor'), config: { summary: 'Sets the moderation mode: pre (nothing shows before approval) or post.' } }, async (request) => {
    const body = parse(settingsBody, request.body);
    const mode = await services.comments.setModerationMode(body.moderation_mode, requireStaff(request));
    request.changedKeys = [];
    return { moderation_mode: mode };
  });

  app.get('/comments/:id', { preHandler: requireRole('editor'), config: { summary: 'One comment with its status and reports.' } }, async (request) => {
    const { id } = parse(idParams, request.params);
    return { comment: present(await services.comments.get(id)) };
  });

  for (const action of ['approve', 'reject'] as const) {
    app.post(`/comments/:id/${action}`, { preHandler: requireRole('editor'), config: { summary: action === 'approve' ? 'Approves a comment: readers see it.' : 'Rejects a comment: readers never see it.' } }, async (request) => {
      const { id } = parse(idParams, request.params);
      const comment = await services.comments.moderate(id, action, requireStaff(request), request.ip);
      changed(request, [comment.articleId]);
      return { comment: present(comment) };
    });
  }

  app.delete('/comments/:id', { preHandler: requireRole('editor'), config: { summary: 'Deletes a comment (kept for the record, never shown).' } }, async (request, reply) => {
    const { id } = parse(idParams, request.params);
    const comment = await services.comments.moderate(id, 'delete', requireStaff(request), request.ip);
    changed(request, [comment.articleId]);
    return reply.code(204).send();
  });

  for (const isBanned of [true, false]) {
    const handler = async (request: FastifyRequest) => {
      const { id } = parse(idParams, request.params);
      const actor = requireStaff(request);
      const reader = await services.readers.setBanned(id, isBanned);
      await services.audit.record({ actor, action: isBanned ? 'reader.ban' : 'reader.unban', objectType: 'reader', objectId: id, ip: request.ip });
      changed(request, await services.comments.articleIdsOfReader(id));
      return { reader: { id: reader.id, display_name: reader.displayName, banned: reader.isBanned } };
    };
    const routeOptions = { preHandler: requireRole('editor'), config: { summary: isBanned ? "Bans a reader: all their comments are hidden and posting is refused." : 'Lifts a ban.' } };
    if (isBanned) app.post('/readers/:id/ban', routeOptions, handler);
    else app.delete('/readers/:id/ban', routeOptions, handler);
  }

  app.put('/articles/:id/comments', { preHandler: requireRole('editor'), config: { summary: 'Opens or closes comments on one article.' } }, async (request) => {
    const { id } = parse(idParams, request.params);
    const body = parse(closeBody, request.body);
    await services.comments.setClosed(id, body.closed, requireStaff(request));
    changed(request, [id]);
    return { article_id: id, comments_closed: body.closed };
  });
}
