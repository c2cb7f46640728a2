import type { FastifyInstance } from 'fastify';
import type { ContentApiOptions } from './content-api-routes.js';

/** Content API: GET /search?q= (filled by the search work). Registered inside the content-key scope; list each path in search-content-endpoints.ts. */
export async function searchContentRoutes(_api: FastifyInstance, _options: ContentApiOptions): Promise<void> {}
