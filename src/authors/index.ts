/** @module authors — bylines and author pages, and editing them. */
export { createAuthorStore } from './author-store.js';
export type { AuthorStore } from './author-store.js';
export { createAuthorService } from './author-service.js';
export type { AuthorService, AuthorChangeContext } from './author-service.js';
export { authorPath, toAuthor } from './author.js';
export type { Author } from './author.js';
export type { NewAuthorInput, AuthorChangeInput } from './author-schemas.js';
export { authorAdminRoutes } from './author-admin-routes.js';
