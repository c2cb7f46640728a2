import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppServices } from '../app-services.js';
import type { Clock } from '../platform/clock.js';
import { sendCacheable } from './conditional-get.js';
import { LISTING_SITEMAPS, loadArticleMonthSitemap, loadListingSitemap, loadNewsSitemap, loadSitemapIndex } from './load-sitemaps.js';
import type { SitemapFile } from './load-sitemaps.js';

export interface SitemapRoutesOptions {
  services: AppServices;
  publicUrl: string;
  clock: Clock;
}

const XML = 'application/xml; charset=utf-8';
const sitemapNameSchema = z.union([
  z.enum(LISTING_SITEMAPS).transform((name) => ({ kind: 'listing' as const, name })),
  z.literal('news').transform(() => ({ kind: 'news' as const })),
  z
    .string()
    .regex(/^articles-\d{4}-(0[1-9]|1[0-2])$/)
    .transform((name) => ({ kind: 'month' as const, year: Number(name.slice(9, 13)), month: Number(name.slice(14, 16)) })),
]);

/** Sitemap index, child sitemaps (articles by month, listings, Google News) and robots.txt. */
export async function sitemapRoutes(app: FastifyInstance, options: SitemapRoutesOptions): Promise<void> {
  const { services, publicUrl } = options;

  app.get('/sitemap.xml', async (request, reply) => {
    const file = await loadSitemapIndex(services, publicUrl);
    return sendCacheable(request, reply, { body: file.body, contentType: XML, lastModified: file.lastModified, cacheKeys: file.cacheKeys });
  });

  app.get<{ Params: { file: string } }>('/sitemaps/:file', async (request, reply) => {
    const parsed = sitemapNameSchema.safeParse(request.params.file.replace(/\.xml$/, ''));
    if (!parsed.success || !request.params.file.endsWith('.xml')) return reply.callNotFound();
    const target = parsed.data;
    let file: SitemapFile | undefined;
    if (target.kind === 'listing') file = await loadListingSitemap(services, publicUrl, target.name);
    else if (target.kind === 'news') file = await loadNewsSitemap(services, publicUrl, options.clock.now());
    else file = await loadArticleMonthSitemap(services, publicUrl, target);
    if (!file) return reply.callNotFound();
    return sendCacheable(request, reply, { body: file.body, contentType: XML, lastModified: file.lastModified, cacheKeys: file.cacheKeys });
  });

  app.get('/robots.txt', async (request, reply) => {
    const body = ['User-agent: *', 'Allow: /', 'Disallow: /api/', 'Disallow: /admin', '', `Sitemap: ${publicUrl}/sitemap.xml`, `Sitemap: ${publicUrl}/sitemaps/news.xml`, ''].join('\n');
    return sendCacheable(request, reply, { body, contentType: 'text/plain; charset=utf-8', cacheKeys: ['site'] });
  });
}
