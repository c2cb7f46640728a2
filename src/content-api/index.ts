/** @module content-api — the read-only, key-protected JSON API at /api/content/v1. */
export { contentApiRoutes } from './content-api-routes.js';
export type { ContentApiOptions } from './content-api-routes.js';
