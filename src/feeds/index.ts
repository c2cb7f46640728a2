/** @module feeds — RSS 2.0, Atom 1.0 and JSON Feed 1.1, sitemaps (articles by month, listings, Google News) and robots.txt. */
export { syndicationRoutes } from './syndication-routes.js';
export type { SyndicationRoutesOptions } from './syndication-routes.js';
export { FEED_ITEM_LIMIT } from './load-feed.js';
