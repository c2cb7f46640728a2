import type { FastifyInstance } from 'fastify';
import type { ContentApiOptions } from './content-api-routes.js';

/** Content API: reaction counts and approved comments per article (filled by the public-reaction work). Registered inside the content-key scope; list each path in public-reaction-content-endpoints.ts. */
export async function publicReactionContentRoutes(_api: FastifyInstance, _options: ContentApiOptions): Promise<void> {}
