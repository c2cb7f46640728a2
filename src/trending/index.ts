/** @module trending — Trending Stories: cookie-free page-view counting (beacon), hourly buckets in SQL or Redis, time-decayed ranking. */
export { createTrendingService } from './trending-service.js';
export type { TrendingService, TrendingServiceDeps, TrendingEntry, ViewInput } from './trending-service.js';
export { createRedisTrendingStore, createSqlTrendingStore } from './trending-store.js';
export type { TrendingStore } from './trending-store.js';
export { rankTrending, hourStartOf, HOUR_MS } from './trending-ranking.js';
export type { RankedArticle, ViewBucket } from './trending-ranking.js';
export { trendingRoutes, createBeaconFastPath, BEACON_PATH, BEACON_PIXEL_PATH } from './trending-routes.js';
export { trendingErrors } from './trending-errors.js';
export type { BeaconOutcome } from './view-rules.js';
