import type { FastifyReply, FastifyRequest } from 'fastify';
import { entityTagOf } from '../page-cache/index.js';

/** Feeds and sitemaps may be reused briefly by browsers and much longer by shared caches. */
export const FEED_CACHE_CONTROL = 'public, max-age=300, s-maxage=600, stale-while-revalidate=600';

export interface CacheableDocument {
  body: string;
  /** Full content type, charset included. */
  contentType: string;
  /** When the content last changed (ISO); becomes Last-Modified. Unknown: ETag only. */
  lastModified?: string | undefined;
  /**
   * Entity keys the document shows. Sent as Surrogate-Key, which also lets the page cache keep
   * the answer and drop it exactly when one of them changes (see src/page-cache).
   */
  cacheKeys: string[];
}

/**
 * Sends a feed or sitemap with ETag and Last-Modified, or 304 when the client's copy is current.
 * Feed readers poll every few minutes, so most polls should cost one small 304.
 * If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
 */
export function sendCacheable(request: FastifyRequest, reply: FastifyReply, document: CacheableDocument): FastifyReply {
  // The page cache's tag, so a copy fetched from a cached answer still matches after a re-render.
  const etag = entityTagOf(document.body);
  reply.header('etag', etag).header('cache-control', FEED_CACHE_CONTROL);
  if (document.lastModified) reply.header('last-modified', new Date(document.lastModified).toUTCString());
  reply.header('surrogate-key', document.cacheKeys.join(' '));
  if (isNotModified(request, etag, document.lastModified)) return reply.code(304).send();
  return reply.code(200).header('content-type', document.contentType).send(document.body);
}

function isNotModified(request: FastifyRequest, etag: string, lastModifiedIso: string | undefined): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince === undefined || lastModifiedIso === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  // HTTP dates have whole seconds; compare at that precision so our own Last-Modified matches.
  return !Number.isNaN(since) && Math.floor(Date.parse(lastModifiedIso) / 1000) * 1000 <= since;
}
