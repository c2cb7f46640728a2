import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminRouteOptions } from '../admin-api/index.js';
import { requireRole, requireStaff } from '../platform/http/staff-principal.js';
import { presentTag } from './tag-presenters.js';
import { createTagBodySchema, mergeTagBodySchema, parseTagInput, tagParamsSchema, updateTagBodySchema } from './tag-schemas.js';
import type { TagChangeContext } from './tag-service.js';

/**
 * Admin API for tags (under /api/admin/v1). Any staff member may read them; editors and admins
 * change them. Each handler: validate with zod → (role, as preHandler) → service → presenter.
 */
export async function tagAdminRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { services } = options;
  const read = { preHandler: requireRole('contributor') };
  const write = { preHandler: requireRole('editor') };
  const changeBy = (request: FastifyRequest): TagChangeContext => ({ actor: requireStaff(request), audit: services.audit });
  const idOf = (request: FastifyRequest): number => parseTagInput(tagParamsSchema, request.params).id;

  app.get('/tags', read, async () => {
    const listed = await services.tags.listTagsWithArticleCounts();
    return { tags: listed.map(({ tag, articleCount }) => presentTag(tag, articleCount)) };
  });

  app.post('/tags', write, async (request, reply) => {
    const body = parseTagInput(createTagBodySchema, request.body);
    const tag = await services.tags.createTag(body, changeBy(request));
    // A new tag is on no story yet; only the tags sitemap lists every tag.
    request.changedKeys = ['list:tags'];
    return reply.code(201).send({ tag: presentTag(tag) });
  });

  app.patch('/tags/:id', write, async (request) => {
    const id = idOf(request);
    const body = parseTagInput(updateTagBodySchema, request.body);
    const tag = await services.tags.updateTag(id, body, changeBy(request));
    // The tag's page and the pages of the stories it is on carry "tag:<id>".
    request.changedKeys = [`tag:${id}`, 'list:tags'];
    return { tag: presentTag(tag) };
  });

  app.post('/tags/:id/merge', write, async (request) => {
    const id = idOf(request);
    const body = parseTagInput(mergeTagBodySchema, request.body);
    const tag = await services.tags.mergeTag(id, { intoId: body.into_id }, changeBy(request));
    // The merged tag's stories now show the other tag, whose page lists them too.
    request.changedKeys = [`tag:${id}`, `tag:${body.into_id}`, `list:tag:${body.into_id}`, 'list:tags'];
    return { tag: presentTag(tag) };
  });

  app.delete('/tags/:id', write, async (request, reply) => {
    const id = idOf(request);
    await services.tags.deleteTag(id, changeBy(request));
    request.changedKeys = [`tag:${id}`, 'list:tags'];
    return reply.code(204).send();
  });
}
