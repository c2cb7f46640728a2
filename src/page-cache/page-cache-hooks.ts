import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { buildCachedPage } from './page-cache.js';
import type { PageCache } from './page-cache.js';
import { cacheKeyOf, serveFromCache } from './serve-cached-page.js';

/** Headers replayed from the rendered response; everything else is per request. */
const REPLAYED_HEADERS = ['content-type', 'cache-control', 'surrogate-key', 'content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'strict-transport-security', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection'];

/** How long a cached page is served before it is rendered again; invalidation usually comes first. */
export const PAGE_FRESH_MS = 5 * 60_000;

/**
 * A node:http server whose request handler answers cache hits itself and hands only misses to
 * Fastify, so a hit pays for no routing, hooks or rendering. Pass it as Fastify's serverFactory.
 */
export function createCachingServerFactory(cache: PageCache) {
  return (handler: (request: IncomingMessage, response: ServerResponse) => void): Server =>
    createServer((request, response) => {
      if (!serveFromCache(cache, request, response)) handler(request, response);
    });
}

/** Stores every cacheable 200 reader page (one with a Surrogate-Key) after Fastify rendered it. */
export function installPageCacheStore(app: FastifyInstance, cache: PageCache, clock: { now(): Date }): void {
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
    const page = buildCachedPage({ status: 200, headers, body: Buffer.from(payload), tags: keys.split(' '), nowMs: clock.now().getTime(), freshForMs: PAGE_FRESH_MS });
    cache.set(key, page);
    reply.header('etag', page.etag).header('x-cache', 'MISS').header('vary', 'Accept-Encoding');
    return payload;
  });
}
