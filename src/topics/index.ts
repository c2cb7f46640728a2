/** @module topics — tags and topic pages, and editing, merging and deleting tags. */
export { createTagStore } from './tag-store.js';
export type { TagStore } from './tag-store.js';
export { createTagService } from './tag-service.js';
export type { TagService, TagChangeContext } from './tag-service.js';
export { tagPath, toTag } from './tag.js';
export type { Tag } from './tag.js';
export type { NewTagInput, TagChangeInput, TagMergeInput } from './tag-schemas.js';
export { tagAdminRoutes } from './tag-admin-routes.js';
