import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { buildCachedPage } from './page-cache.js';
import type { PageCache } from './page-cache.js';
import { cacheKeyOf, serveFromCache } from './serve-cached-page.js';
import { internalRequestHeaders } from '../platform/http/internal-request.js';

/** Headers replayed from the rendered response; everything else is per request. */
const REPLAYED_HEADERS = ['content-type', 'cache-control', 'last-modified', 'surrogate-key', 'content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'strict-transport-security', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-permitted-cross-domain-policies'];

/** How long a cached page is served before it is rendered again; invalidation usually comes first. */
export const PAGE_FRESH_MS = 5 * 60_000;

/** Surrogate key of blocks that change with time (Trending): such pages go stale sooner. */
export const TIME_DEPENDENT_KEY = 'trending';
/** Surrogate key of documents covering a window that moves with the clock (the news sitemap's 48 hours). */
export const ROLLING_WINDOW_KEY = 'rolling-window';

/** Refreshes stale pages in the background, one render per URL at a time. */
export interface BackgroundRevalidator {
  /** Starts one background render of `key` unless one is already running. Never blocks. */
  revalidate(key: string): void;
  /** Renders go through this app (set once it is built). */
  attach(app: FastifyInstance): void;
  /** Resolves when no background render is running (tests, shutdown). */
  idle(): Promise<void>;
}

/**
 * Background re-rendering for stale-while-revalidate: the stale page was already sent; this asks
 * Fastify for the URL again (app.inject, anonymous), and the store hook replaces the entry. A
 * URL that no longer renders a cacheable 200 is dropped from the cache.
 */
export function createBackgroundRevalidator(cache: PageCache, log: { warn(object: object, message: string): void }): BackgroundRevalidator {
  let app: FastifyInstance | undefined;
  const running = new Map<string, Promise<void>>();
  return {
    revalidate(key) {
      if (!app || running.has(key)) return;
      const target = app;
      const job = (async () => {
        // Let the stale answer go out first.
        await new Promise((resolve) => setImmediate(resolve));
        try {
          const response = await target.inject({ method: 'GET', url: key, headers: internalRequestHeaders() });
          if (response.statusCode !== 200 || !response.headers['surrogate-key']) cache.delete(key);
        } catch (error) {
          cache.delete(key);
          log.warn({ err: error, url: key }, 'background re-render of a stale page failed');
        } finally {
          running.delete(key);
        }
      })();
      running.set(key, job);
    },
    attach(built) {
      app = built;
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running.values()]);
    },
  };
}

/** How long a request for a page being rendered waits for that render before rendering itself. */
export const COALESCE_WAIT_MS = 2_000;

/**
 * A node:http server whose request handler answers cache hits itself and hands only misses to
 * Fastify, so a hit pays for no routing, hooks or rendering. Pass it as Fastify's serverFactory.
 * Stale pages are answered from the cache too and refreshed by `revalidator`.
 *
 * Misses are coalesced: while one request renders a URL, other requests for the same URL wait
 * for it (at most `coalesceWaitMs`) and are then answered from the cache. Without this, a burst
 * on a page that was just invalidated renders it once per waiting connection.
 */
export function createCachingServerFactory(cache: PageCache, options: { clock?: { now(): Date }; revalidator?: BackgroundRevalidator; coalesceWaitMs?: number } = {}) {
  const { clock, revalidator } = options;
  const coalesceWaitMs = options.coalesceWaitMs ?? COALESCE_WAIT_MS;
  const onStale = revalidator ? (key: string) => revalidator.revalidate(key) : undefined;
  const now = () => (clock ? clock.now().getTime() : Date.now());
  return (handler: (request: IncomingMessage, response: ServerResponse) => void): Server => {
    /** URL → resolves when the request rendering it has been answered (or gone). */
    const rendering = new Map<string, Promise<void>>();
    const render = (key: string | null, request: IncomingMessage, response: ServerResponse) => {
      if (key !== null && !rendering.has(key)) {
        rendering.set(key, new Promise((resolve) => response.once('close', () => {
          rendering.delete(key);
          resolve();
        })));
      }
      handler(request, response);
    };
    return createServer((request, response) => {
      if (serveFromCache(cache, request, response, now(), onStale)) return;
      const key = cacheKeyOf(request);
      const inFlight = key === null ? undefined : rendering.get(key);
      if (!inFlight) {
        render(key, request, response);
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, coalesceWaitMs);
      });
      void Promise.race([inFlight, waited]).then(() => {
        clearTimeout(timer);
        if (response.destroyed) return;
        // The first render stored the page, unless it was not cacheable (404, personal, …).
        if (!serveFromCache(cache, request, response, now(), onStale)) handler(request, response);
      });
    });
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The page cache's invalidation clock when this request began (see PageCache.set). */
    pageCacheGeneration: number;
  }
}

/**
 * Stores every cacheable 200 reader page (one with a Surrogate-Key) after Fastify rendered it.
 * Pages showing a time-dependent block (`trending`, `rolling-window`) stay fresh `timeDependentFreshMs`, others
 * PAGE_FRESH_MS. A page whose entities changed while it was rendered is not stored.
 */
export function installPageCacheStore(app: FastifyInstance, cache: PageCache, clock: { now(): Date }, options: { timeDependentFreshMs?: number } = {}): void {
  app.decorateRequest('pageCacheGeneration', 0);
  app.addHook('onRequest', async (request) => {
    request.pageCacheGeneration = cache.generation();
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const keys = reply.getHeader('surrogate-key');
    if (typeof keys !== 'string' || keys === '') return payload;
    const key = cacheKeyOf(request.raw);
    if (key === null) return payload;
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    const tags = keys.split(' ');
    const isTimeDependent = tags.includes(TIME_DEPENDENT_KEY) || tags.includes(ROLLING_WINDOW_KEY);
    const freshForMs = isTimeDependent ? (options.timeDependentFreshMs ?? PAGE_FRESH_MS) : PAGE_FRESH_MS;
    const page = buildCachedPage({ status: 200, headers, body: Buffer.from(payload), tags, nowMs: clock.now().getTime(), freshForMs });
    cache.set(key, page, request.pageCacheGeneration);
    reply.header('etag', page.etag).header('x-cache', 'MISS').header('vary', 'Accept-Encoding');
    return payload;
  });
}
