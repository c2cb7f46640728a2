import type { FastifyInstance } from 'fastify';
import type { ContentApiOptions } from './content-api-routes.js';

/** Content API: GET /trending (filled by the trending work). Registered inside the content-key scope; list each path in trending-content-endpoints.ts. */
export async function trendingContentRoutes(_api: FastifyInstance, _options: ContentApiOptions): Promise<void> {}
