import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminRouteOptions } from '../admin-api/index.js';
import { requireRole, requireStaff } from '../platform/http/staff-principal.js';
import { presentAuthor } from './author-presenters.js';
import { authorParamsSchema, createAuthorBodySchema, parseAuthorInput, updateAuthorBodySchema } from './author-schemas.js';
import type { AuthorChangeContext } from './author-service.js';

/**
 * Admin API for authors (under /api/admin/v1). Any staff member may read them; editors and
 * admins change them. Each handler: validate with zod → (role, as preHandler) → service → presenter.
 */
export async function authorAdminRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { services } = options;
  const read = { preHandler: requireRole('contributor') };
  const write = { preHandler: requireRole('editor') };
  const changeBy = (request: FastifyRequest): AuthorChangeContext => ({ actor: requireStaff(request), audit: services.audit });
  const idOf = (request: FastifyRequest): number => parseAuthorInput(authorParamsSchema, request.params).id;

  app.get('/authors', read, async () => {
    const listed = await services.authors.listAuthorsWithArticleCounts();
    return { authors: listed.map(({ author, articleCount }) => presentAuthor(author, articleCount)) };
  });

  app.post('/authors', write, async (request, reply) => {
    const body = parseAuthorInput(createAuthorBodySchema, request.body);
    const author = await services.authors.createAuthor({ slug: body.slug, name: body.name, bio: body.bio, photoUrl: body.photo_url }, changeBy(request));
    // A new author is on no story yet; only the authors sitemap lists every author.
    request.changedKeys = ['list:authors'];
    return reply.code(201).send({ author: presentAuthor(author) });
  });

  app.patch('/authors/:id', write, async (request) => {
    const id = idOf(request);
    const body = parseAuthorInput(updateAuthorBodySchema, request.body);
    const author = await services.authors.updateAuthor(id, { slug: body.slug, name: body.name, bio: body.bio, photoUrl: body.photo_url }, changeBy(request));
    // Their page, their stories' pages and every card naming them carry "author:<id>"; the
    // authors sitemap names their URL.
    request.changedKeys = [`author:${id}`, 'list:authors'];
    return { author: presentAuthor(author) };
  });

  app.delete('/authors/:id', write, async (request, reply) => {
    const id = idOf(request);
    await services.authors.deleteAuthor(id, changeBy(request));
    // Only an author without stories can be deleted: their own page and the authors sitemap change.
    request.changedKeys = [`author:${id}`, 'list:authors'];
    return reply.code(204).send();
  });
}
