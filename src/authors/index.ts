/** @module authors — bylines and author pages. */
export { createAuthorStore } from './author-store.js';
export type { AuthorStore } from './author-store.js';
export { createAuthorService } from './author-service.js';
export type { AuthorService } from './author-service.js';
export { authorPath, toAuthor } from './author.js';
export type { Author } from './author.js';
