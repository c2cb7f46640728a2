/** @module topics — tags and topic pages. */
export { createTagStore } from './tag-store.js';
export type { TagStore } from './tag-store.js';
export { createTagService } from './tag-service.js';
export type { TagService } from './tag-service.js';
export { tagPath, toTag } from './tag.js';
export type { Tag } from './tag.js';
