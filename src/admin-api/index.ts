/** @module admin-api — the authenticated Admin API at /api/admin/v1: auth, CSRF, route catalog, OpenAPI. */
export { adminApiPlugin } from './admin-api-plugin.js';
export { createAdminRouteCatalog } from './admin-route-catalog.js';
export type { AdminRouteCatalog, AdminRouteEntry } from './admin-route-catalog.js';
export type { AdminRouteOptions } from './admin-route-options.js';
