import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppServices } from '../app-services.js';
import { renderAtomFeed } from './atom-feed.js';
import { sendCacheable } from './conditional-get.js';
import type { FeedDocument } from './feed-model.js';
import { renderJsonFeed } from './json-feed.js';
import { loadFeed } from './load-feed.js';
import type { FeedScope } from './load-feed.js';
import { renderRssFeed } from './rss-feed.js';

export interface FeedRoutesOptions {
  services: AppServices;
  publicUrl: string;
  /** FEED_FULL_CONTENT. */
  isFullContent: boolean;
}

/** The three formats, by the file name that ends their URL. */
export const FEED_FORMATS = {
  'feed.xml': { contentType: 'application/rss+xml; charset=utf-8', render: renderRssFeed },
  'atom.xml': { contentType: 'application/atom+xml; charset=utf-8', render: renderAtomFeed },
  'feed.json': { contentType: 'application/feed+json; charset=utf-8', render: renderJsonFeed },
} as const satisfies Record<string, { contentType: string; render: (feed: FeedDocument) => string }>;
type FeedFile = keyof typeof FEED_FORMATS;

/**
 * Section feeds are routed explicitly for paths up to this many levels, because the site's `/*`
 * catch-all would otherwise claim them and Fastify wildcards cannot carry a suffix.
 */
export const MAX_SECTION_FEED_DEPTH = 8;

const slugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const sectionParamsSchema = z.record(z.string().regex(/^s\d+$/), slugSchema);

/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the whole site, each section (with its subsections),
 * author and tag: `/feed.xml`, `/world/asia/atom.xml`, `/authors/{slug}/feed.json`, `/tags/{slug}/feed.xml`.
 */
export async function feedRoutes(app: FastifyInstance, options: FeedRoutesOptions): Promise<void> {
  const serve = async (request: FastifyRequest, reply: FastifyReply, scope: FeedScope | undefined, file: FeedFile) => {
    const loaded = scope ? await loadFeed(options.services, scope, { publicUrl: options.publicUrl, isFullContent: options.isFullContent }) : undefined;
    if (!loaded) return reply.callNotFound();
    const format = FEED_FORMATS[file];
    return sendCacheable(request, reply, { body: format.render(loaded.feed), contentType: format.contentType, lastModified: loaded.feed.updatedAt, cacheKeys: loaded.cacheKeys });
  };

  for (const file of Object.keys(FEED_FORMATS) as FeedFile[]) {
    app.get(`/${file}`, (request, reply) => serve(request, reply, { kind: 'site' }, file));
    app.get<{ Params: { slug: string } }>(`/authors/:slug/${file}`, (request, reply) =>
      serve(request, reply, slugScope('author', request.params.slug), file),
    );
    app.get<{ Params: { slug: string } }>(`/tags/:slug/${file}`, (request, reply) => serve(request, reply, slugScope('tag', request.params.slug), file));
    for (let depth = 1; depth <= MAX_SECTION_FEED_DEPTH; depth++) {
      const params = Array.from({ length: depth }, (_, i) => `:s${i}`).join('/');
      app.get(`/${params}/${file}`, (request, reply) => serve(request, reply, sectionScope(request.params, depth), file));
    }
  }
}

function slugScope(kind: 'author' | 'tag', slug: string): FeedScope | undefined {
  return slugSchema.safeParse(slug).success ? { kind, slug } : undefined;
}

function sectionScope(params: unknown, depth: number): FeedScope | undefined {
  const parsed = sectionParamsSchema.safeParse(params);
  if (!parsed.success) return undefined;
  const segments = Array.from({ length: depth }, (_, i) => parsed.data[`s${i}`]);
  return segments.every((s) => s !== undefined) ? { kind: 'section', path: segments.join('/') } : undefined;
}
