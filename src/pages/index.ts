/** @module pages — static pages such as About and Contact. */
export { createPageStore } from './page-store.js';
export type { PageStore } from './page-store.js';
export { createPageService, staticPagePath, RESERVED_PAGE_SLUGS } from './page-service.js';
export type { PageService, StaticPage } from './page-service.js';
