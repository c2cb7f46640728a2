/** @module collections — Editor's Picks and other named, ordered collections of stories, site-wide or per section. */
export { createCollectionStore } from './collection-store.js';
export type { CollectionStore } from './collection-store.js';
export { createCollectionService } from './collection-service.js';
export type { CollectionService, CollectionChangeContext, CollectionWrite } from './collection-service.js';
export { EDITORS_PICKS, HOMEPAGE_LEAD, collectionCacheKey, isLive } from './collection.js';
export type { Collection, CollectionItem } from './collection.js';
export { MAX_COLLECTION_ITEMS } from './collection-schemas.js';
export { collectionAdminRoutes } from './collection-admin-routes.js';
