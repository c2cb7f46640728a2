/** @module pages — static pages such as About and Contact, and editing and publishing them. */
export { createPageStore } from './page-store.js';
export type { PageStore } from './page-store.js';
export { createPageService, staticPagePath, RESERVED_PAGE_SLUGS } from './page-service.js';
export type { PageService, StaticPage, PageChangeContext } from './page-service.js';
export type { NewPageInput, PageChangeInput } from './page-schemas.js';
export { pageAdminRoutes } from './page-admin-routes.js';
