import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Feeds and sitemaps may be reused briefly by browsers and much longer by shared caches. */
export const FEED_CACHE_CONTROL = 'public, max-age=300, s-maxage=600, stale-while-revalidate=600';

export interface CacheableDocument {
  body: string;
  /** Full content type, charset included. */
  contentType: string;
  /** When the content last changed (ISO); becomes Last-Modified. Unknown: ETag only. */
  lastModified?: string | undefined;
}

/**
 * Sends a feed or sitemap with ETag and Last-Modified, or 304 when the client's copy is current.
 * Feed readers poll every few minutes, so most polls should cost one small 304.
 * If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
 */
export function sendCacheable(request: FastifyRequest, reply: FastifyReply, document: CacheableDocument): FastifyReply {
  const etag = `"${createHash('sha256').update(document.body).digest('base64url').slice(0, 32)}"`;
  reply.header('etag', etag).header('cache-control', FEED_CACHE_CONTROL);
  if (document.lastModified) reply.header('last-modified', new Date(document.lastModified).toUTCString());
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
