import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../app-services.js';
import type { Clock } from '../platform/clock.js';
import { feedRoutes } from './feed-routes.js';
import { sitemapRoutes } from './sitemap-routes.js';

export interface SyndicationRoutesOptions {
  services: AppServices;
  publicUrl: string;
  clock: Clock;
  /** FEED_FULL_CONTENT: whole bodies in feed items, or standfirsts only. */
  isFullContent: boolean;
}

/**
 * Everything machines read besides the Content API: feeds, sitemaps and robots.txt.
 * Register it before the reader site, whose `/*` catch-all would otherwise answer section feeds.
 */
export async function syndicationRoutes(app: FastifyInstance, options: SyndicationRoutesOptions): Promise<void> {
  await app.register(feedRoutes, { services: options.services, publicUrl: options.publicUrl, isFullContent: options.isFullContent });
  await app.register(sitemapRoutes, { services: options.services, publicUrl: options.publicUrl, clock: options.clock });
}
