/** @module page-cache — rendered reader pages served before routing, invalidated by entity key. */
export { createPageCache, buildCachedPage } from './page-cache.js';
export type { PageCache, CachedPage, PageCacheStats } from './page-cache.js';
export { cacheKeyOf, serveFromCache, writeCachedPage } from './serve-cached-page.js';
export { createCachingServerFactory, installPageCacheStore, PAGE_FRESH_MS } from './page-cache-hooks.js';
