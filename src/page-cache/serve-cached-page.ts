import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CachedPage, PageCache } from './page-cache.js';

/** Paths that are never cached: personal, API, static files served by their own handlers. */
const UNCACHED_PREFIXES = ['/api/', '/admin', '/assets/', '/media/', '/healthz', '/readyz'];
/** Cookies that make a request personal: staff sessions (and, later, reader sessions). */
const PERSONAL_COOKIE = /(?:^|;\s*)(bs_session|bs_reader)=/;

/**
 * The cache key of a request when it may share a cached page, or null when it must not:
 * only GET/HEAD, no credentials, not an API or asset path, and a sane URL.
 */
export function cacheKeyOf(request: IncomingMessage): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const url = request.url;
  if (!url || url.length > 2048 || url.charCodeAt(0) !== 47 /* / */) return null;
  for (const prefix of UNCACHED_PREFIXES) if (url.startsWith(prefix)) return null;
  if (request.headers.authorization) return null;
  const cookie = request.headers.cookie;
  if (cookie && PERSONAL_COOKIE.test(cookie)) return null;
  return url;
}

/** Picks the body for Accept-Encoding: brotli, then gzip, then identity. */
function chooseEncoding(accept: string | undefined): 'br' | 'gzip' | null {
  if (!accept) return null;
  if (/\bbr\b/.test(accept) && !/\bbr;q=0(\.0*)?\b/.test(accept)) return 'br';
  if (/\bgzip\b/.test(accept) && !/\bgzip;q=0(\.0*)?\b/.test(accept)) return 'gzip';
  return null;
}

/**
 * True when the client's copy is current: If-None-Match names this entry's ETag, or, without
 * If-None-Match (RFC 9110 §13.2.2), If-Modified-Since is not before the entry's Last-Modified
 * (feeds and sitemaps send one; feed readers often poll with the date only).
 */
function isNotModified(request: IncomingMessage, page: CachedPage): boolean {
  const header = request.headers['if-none-match'];
  if (header !== undefined) return header === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === page.etag);
  const since = request.headers['if-modified-since'];
  const lastModified = page.headers['last-modified'];
  if (since === undefined || lastModified === undefined) return false;
  const sinceMs = Date.parse(since);
  return !Number.isNaN(sinceMs) && Date.parse(lastModified) <= sinceMs;
}

/**
 * Writes a cached page straight to the socket, before the web framework does any work.
 * Answers 304 on a matching If-None-Match; HEAD gets the headers only.
 */
export function writeCachedPage(request: IncomingMessage, response: ServerResponse, page: CachedPage, state: 'HIT' | 'STALE' = 'HIT'): void {
  if ((request.headers['if-none-match'] !== undefined || request.headers['if-modified-since'] !== undefined) && isNotModified(request, page)) {
    const headers: Record<string, string | number> = { ...page.headers, etag: page.etag, vary: 'Accept-Encoding', 'x-cache': state };
    delete headers['content-type'];
    response.writeHead(304, headers);
    response.end();
    return;
  }
  const encoding = chooseEncoding(request.headers['accept-encoding']);
  const body = encoding === 'br' ? page.brotli : encoding === 'gzip' ? page.gzip : page.body;
  const wire = page.wireHeaders[encoding ?? 'identity'];
  // The header list says HIT; a stale answer (rare) copies it with its own X-Cache value.
  response.writeHead(page.status, state === 'HIT' ? wire : wire.map((value, i) => (i > 0 && wire[i - 1] === 'x-cache' ? state : value)));
  response.end(request.method === 'HEAD' ? undefined : body);
}

/**
 * Serves `request` from the cache when it may and the page is there; false otherwise.
 * A page past its freshness is still served at once (stale-while-revalidate) and `onStale` is
 * told its key, so one background render replaces it; no request ever waits for a render.
 */
export function serveFromCache(cache: PageCache, request: IncomingMessage, response: ServerResponse, nowMs = Date.now(), onStale?: (key: string) => void): boolean {
  const key = cacheKeyOf(request);
  if (key === null) return false;
  const page = cache.get(key);
  if (!page) return false;
  if (page.staleAt <= nowMs) {
    // Without a way to refresh it in the background, a stale page is rendered again now.
    if (!onStale) return false;
    onStale(key);
    writeCachedPage(request, response, page, 'STALE');
    return true;
  }
  writeCachedPage(request, response, page);
  return true;
}
