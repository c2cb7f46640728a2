import type { FastifyInstance } from 'fastify';
import type { ContentApiOptions } from './content-api-routes.js';

/** Content API: GET /collections/{name} (filled by the collections work). Registered inside the content-key scope; list each path in collections-content-endpoints.ts. */
export async function collectionsContentRoutes(_api: FastifyInstance, _options: ContentApiOptions): Promise<void> {}
