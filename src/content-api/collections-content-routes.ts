import type { FastifyInstance } from 'fastify';
import { AppError } from '../platform/errors/app-error.js';
import { collectionParamsSchema, collectionQuerySchema } from './collections-content-endpoints.js';
import { contentApiErrors, quote } from './content-api-errors.js';
import { queryWithoutKey, sendData } from './content-api-http.js';
import { presentArticle } from './content-api-presenters.js';
import { parseRequestPart } from './content-api-schemas.js';
import type { ContentApiOptions } from './content-api-routes.js';

/** Content API: GET /collections/{name}[?section=path] → the collection's live published stories, in order. */
export async function collectionsContentRoutes(api: FastifyInstance, options: ContentApiOptions): Promise<void> {
  const { services } = options;
  const publicUrl = options.publicUrl.replace(/\/+$/, '');

  api.get('/collections/:name', async (request, reply) => {
    const { name } = parseRequestPart(collectionParamsSchema, request.params);
    const query = parseRequestPart(collectionQuerySchema, queryWithoutKey(request));
    const tree = await services.sections.getTree();
    let sectionId: number | null = null;
    if (query.section !== undefined) {
      const section = tree.byPath.get(query.section);
      if (!section) throw contentApiErrors.unknownSection(quote(query.section));
      sectionId = section.id;
    }
    const collection = await services.collections.findCollection(name, sectionId);
    if (!collection) {
      throw new AppError({
        code: 'COLLECTION_NOT_FOUND',
        status: 404,
        title: 'Collection not found',
        detail: `There is no collection "${name}"${query.section === undefined ? '' : ` for section "${query.section}"`}.`,
      });
    }
    const stories = await services.collections.liveStories(name, sectionId);
    return sendData(reply, {
      collection: {
        name,
        section: sectionId === null ? null : (tree.byId.get(sectionId)?.path ?? null),
        updated_at: collection.updatedAt,
        articles: stories.map((article) => presentArticle(article, tree, publicUrl)),
      },
    });
  });
}
