import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminRouteOptions } from '../admin-api/index.js';
import { requireRole, requireStaff } from '../platform/http/staff-principal.js';
import { presentCollection } from './collection-presenters.js';
import { collectionParamsSchema, listCollectionsQuerySchema, parseCollectionInput } from './collection-schemas.js';
import type { CollectionChangeContext, CollectionWrite } from './collection-service.js';

/**
 * Admin API for collections (under /api/admin/v1). Any staff member may read them (authors and
 * contributors see what is featured); only editors and admins change them. Every write names
 * exactly the pages it changes (the collection's surrogate key) in `request.changedKeys`.
 */
export async function collectionAdminRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { services } = options;
  const read = { preHandler: requireRole('contributor') };
  const write = { preHandler: requireRole('editor') };
  const changeBy = (request: FastifyRequest): CollectionChangeContext => ({ actor: requireStaff(request), audit: services.audit });
  const idOf = (request: FastifyRequest): number => parseCollectionInput(collectionParamsSchema, request.params).id;
  const now = () => services.collections.currentTime();
  const written = (request: FastifyRequest, result: CollectionWrite) => {
    request.changedKeys = result.changedKeys;
    return { collection: presentCollection(result.collection, now()) };
  };

  app.get('/collections', read, async (request) => {
    const query = parseCollectionInput(listCollectionsQuerySchema, request.query);
    const all = await services.collections.listCollections();
    return { collections: all.filter((c) => query.name === undefined || c.name === query.name).map((c) => presentCollection(c, now())) };
  });

  app.get('/collections/:id', read, async (request) => ({ collection: presentCollection(await services.collections.getCollection(idOf(request)), now()) }));

  app.post('/collections', write, async (request, reply) => {
    const result = await services.collections.createCollection(request.body, changeBy(request));
    return reply.code(201).send(written(request, result));
  });

  app.put('/collections/:id/items', write, async (request) => {
    const id = idOf(request);
    return written(request, await services.collections.replaceItems(id, request.body, changeBy(request)));
  });

  app.delete('/collections/:id', write, async (request, reply) => {
    const result = await services.collections.deleteCollection(idOf(request), changeBy(request));
    request.changedKeys = result.changedKeys;
    return reply.code(204).send();
  });
}
