import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminRouteOptions } from '../admin-api/index.js';
import { requireRole, requireStaff } from '../platform/http/staff-principal.js';
import { presentPage, presentPageSummary } from './page-presenters.js';
import { createPageBodySchema, pageParamsSchema, parsePageInput, updatePageBodySchema } from './page-schemas.js';
import type { PageChangeContext } from './page-service.js';
import type { StaticPage } from './page-service.js';

/**
 * Reader pages a page edit changes: the footer of every page lists published pages by title and
 * slug, so publishing, unpublishing, retitling or moving one changes every page (null: drop
 * them all); a body edit changes its own page only; a draft shows nowhere.
 */
export function changedKeysOfPage(before: StaticPage, after: StaticPage): string[] | null {
  if (before.status !== 'published' && after.status !== 'published') return [];
  if (before.status !== after.status || before.title !== after.title || before.slug !== after.slug) return null;
  return [`page:${after.id}`];
}

/**
 * Admin API for static pages (under /api/admin/v1). Any staff member may read them, drafts
 * included; editors and admins change, publish and delete them. Each handler: validate with
 * zod → (role, as preHandler) → service → presenter.
 */
export async function pageAdminRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { services } = options;
  const read = { preHandler: requireRole('contributor') };
  const write = { preHandler: requireRole('editor') };
  const changeBy = (request: FastifyRequest): PageChangeContext => ({ actor: requireStaff(request), audit: services.audit });
  const idOf = (request: FastifyRequest): number => parsePageInput(pageParamsSchema, request.params).id;

  app.get('/pages', read, async () => ({ pages: (await services.pages.listPages()).map(presentPageSummary) }));

  app.get('/pages/:id', read, async (request) => ({ page: presentPage(await services.pages.getPage(idOf(request))) }));

  app.post('/pages', write, async (request, reply) => {
    const body = parsePageInput(createPageBodySchema, request.body);
    const page = await services.pages.createPage({ slug: body.slug, title: body.title, body: body.body, bodyMarkdown: body.body_markdown, status: body.status }, changeBy(request));
    // A published page joins the footer of every page (null: drop them all); a draft shows nowhere.
    request.changedKeys = page.status === 'published' ? null : [];
    return reply.code(201).send({ page: presentPage(page) });
  });

  app.patch('/pages/:id', write, async (request) => {
    const id = idOf(request);
    const body = parsePageInput(updatePageBodySchema, request.body);
    const before = await services.pages.getPage(id);
    const page = await services.pages.updatePage(id, { slug: body.slug, title: body.title, body: body.body, bodyMarkdown: body.body_markdown, status: body.status }, changeBy(request));
    request.changedKeys = changedKeysOfPage(before, page);
    return { page: presentPage(page) };
  });

  app.delete('/pages/:id', write, async (request, reply) => {
    const deleted = await services.pages.deletePage(idOf(request), changeBy(request));
    request.changedKeys = deleted.status === 'published' ? null : [];
    return reply.code(204).send();
  });
}
