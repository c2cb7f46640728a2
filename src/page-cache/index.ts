/** @module page-cache — rendered reader pages served before routing, invalidated by entity key. */
export { createPageCache, buildCachedPage, entityTagOf } from './page-cache.js';
export type { PageCache, CachedPage, PageCacheStats } from './page-cache.js';
export { cacheKeyOf, serveFromCache, writeCachedPage } from './serve-cached-page.js';
export { createBackgroundRevalidator, createCachingServerFactory, installPageCacheStore, PAGE_FRESH_MS, ROLLING_WINDOW_KEY, TIME_DEPENDENT_KEY } from './page-cache-hooks.js';
export type { BackgroundRevalidator } from './page-cache-hooks.js';
export { createPurgeWebhook } from './purge-webhook.js';
export type { PurgeWebhook } from './purge-webhook.js';
