import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminRouteOptions } from '../admin-api/index.js';
import { requireRole, requireStaff } from '../platform/http/staff-principal.js';
import { presentSection, presentSectionNode } from './section-presenters.js';
import {
  createSectionBodySchema,
  moveSectionBodySchema,
  orderSectionsBodySchema,
  parseSectionInput,
  sectionParamsSchema,
  updateSectionBodySchema,
} from './section-schemas.js';
import type { SectionChangeContext } from './section-service.js';

/**
 * Admin API for the section tree (under /api/admin/v1). Any staff member may read it; editors
 * and admins change it. Each handler: validate with zod → (role, as preHandler) → service → presenter.
 */
export async function sectionAdminRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { services } = options;
  const read = { preHandler: requireRole('contributor') };
  const write = { preHandler: requireRole('editor') };
  const changeBy = (request: FastifyRequest): SectionChangeContext => ({ actor: requireStaff(request), audit: services.audit });
  const idOf = (request: FastifyRequest): number => parseSectionInput(sectionParamsSchema, request.params).id;

  app.get('/sections', read, async () => {
    const { tree, articleCounts } = await services.sections.getTreeWithArticleCounts();
    return { sections: tree.roots.map((section) => presentSectionNode(section, articleCounts)) };
  });

  app.post('/sections', write, async (request, reply) => {
    const body = parseSectionInput(createSectionBodySchema, request.body);
    const section = await services.sections.createSection(
      { parentId: body.parent_id, slug: body.slug, name: body.name, description: body.description, position: body.position },
      changeBy(request),
    );
    return reply.code(201).send({ section: presentSection(section) });
  });

  app.put('/sections/order', write, async (request) => {
    const body = parseSectionInput(orderSectionsBodySchema, request.body);
    const sections = await services.sections.reorderSections({ parentId: body.parent_id, ids: body.ids }, changeBy(request));
    return { sections: sections.map(presentSection) };
  });

  // Cache invalidation: creating, reordering, moving, deleting or renaming a section changes the
  // navigation, breadcrumbs and story cards on every page, so those writes leave changedKeys
  // null (every cached page is dropped). A new description shows on the section's front only.
  app.patch('/sections/:id', write, async (request) => {
    const id = idOf(request);
    const body = parseSectionInput(updateSectionBodySchema, request.body);
    const section = await services.sections.updateSection(id, body, changeBy(request));
    if (body.name === undefined && body.slug === undefined) request.changedKeys = [`section:${id}`];
    return { section: presentSection(section) };
  });

  app.post('/sections/:id/move', write, async (request) => {
    const id = idOf(request);
    const body = parseSectionInput(moveSectionBodySchema, request.body);
    const section = await services.sections.moveSection(id, { parentId: body.parent_id, position: body.position }, changeBy(request));
    return { section: presentSection(section) };
  });

  app.delete('/sections/:id', write, async (request, reply) => {
    await services.sections.deleteSection(idOf(request), changeBy(request));
    return reply.code(204).send();
  });
}
