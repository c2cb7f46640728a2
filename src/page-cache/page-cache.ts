import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

/** One rendered response, kept with its pre-compressed bodies and the entities it shows. */
export interface CachedPage {
  status: number;
  /** Response headers to replay (content-type, cache-control, location, …); lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
  gzip: Buffer;
  brotli: Buffer;
  /** Strong ETag of the identity body, quoted. */
  etag: string;
  /** Entity keys the page shows, e.g. "article:12", "list:section:3", "site". */
  tags: string[];
  storedAt: number;
  /** After this time the entry is stale: served once more while it is re-rendered. */
  staleAt: number;
  /** Bytes this entry holds, for the cache's byte budget. */
  bytes: number;
  /**
   * The full header list of a 200 answer per body encoding, flat [name, value, …], built once:
   * a hit hands it to writeHead as is instead of building a header object per request.
   */
  wireHeaders: Record<'identity' | 'gzip' | 'br', string[]>;
}

export interface PageCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  evictions: number;
  invalidations: number;
}

/**
 * An in-process cache of rendered pages, bounded by bytes with least-recently-used eviction,
 * indexed by entity tag so a change invalidates exactly the pages that show the entity.
 */
export function createPageCache(options: { maxBytes: number }) {
  const entries = new Map<string, CachedPage>();
  const byTag = new Map<string, Set<string>>();
  const stats: PageCacheStats = { entries: 0, bytes: 0, hits: 0, misses: 0, evictions: 0, invalidations: 0 };
  // Invalidation clock: a render that started before a change to one of its entities must not
  // store its (old) page afterwards. Each invalidation ticks it; tags remember their last tick.
  let tick = 0;
  let clearedAt = 0;
  const invalidatedAt = new Map<string, number>();

  function remove(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    stats.bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tag);
    }
  }

  return {
    /** The entry for `key`, marked most recently used; undefined on a miss. */
    get(key: string): CachedPage | undefined {
      const entry = entries.get(key);
      if (!entry) {
        stats.misses += 1;
        return undefined;
      }
      // Map order is insertion order: re-inserting makes it the most recently used.
      entries.delete(key);
      entries.set(key, entry);
      stats.hits += 1;
      return entry;
    },

    /** The entry for `key` without counting a hit or touching its recency. */
    peek(key: string): CachedPage | undefined {
      return entries.get(key);
    },
    /** The invalidation clock now; pass it to `set` as `renderedSince` when a render starts. */
    generation(): number {
      return tick;
    },
    /**
     * Stores a page, evicting the least recently used ones beyond the byte budget. With
     * `renderedSince` (the generation when its render began), a page showing an entity that
     * changed since is not stored: it may already be out of date. Returns whether it was stored.
     */
    set(key: string, page: CachedPage, renderedSince?: number): boolean {
      if (renderedSince !== undefined && (clearedAt > renderedSince || page.tags.some((tag) => (invalidatedAt.get(tag) ?? 0) > renderedSince))) return false;
      remove(key);
      if (page.bytes > options.maxBytes) return false;
      entries.set(key, page);
      stats.bytes += page.bytes;
      for (const tag of page.tags) {
        let keys = byTag.get(tag);
        if (!keys) byTag.set(tag, (keys = new Set()));
        keys.add(key);
      }
      while (stats.bytes > options.maxBytes) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        remove(oldest);
        stats.evictions += 1;
      }
      return entries.has(key);
    },
    /** Drops one page. */
    delete(key: string): void {
      remove(key);
    },

    /** Drops every page showing any of `tags`; returns how many pages were dropped. */
    invalidate(tags: Iterable<string>): number {
      let dropped = 0;
      tick += 1;
      if (invalidatedAt.size > 100_000) {
        // Bounded memory: forgetting the tags makes renders in flight not store, which is safe.
        invalidatedAt.clear();
        clearedAt = tick;
      }
      for (const tag of tags) {
        invalidatedAt.set(tag, tick);
        for (const key of [...(byTag.get(tag) ?? [])]) {
          remove(key);
          dropped += 1;
        }
      }
      stats.invalidations += dropped;
      return dropped;
    },

    clear(): void {
      tick += 1;
      clearedAt = tick;
      // Every tag is older than the clear now; forget them so the map stays small.
      invalidatedAt.clear();
      entries.clear();
      byTag.clear();
      stats.bytes = 0;
    },

    stats(): PageCacheStats {
      return { ...stats, entries: entries.size };
    },
  };
}

export type PageCache = ReturnType<typeof createPageCache>;

/** The strong ETag of a body, quoted: the same whether a page is answered from the cache or rendered. */
export function entityTagOf(body: Buffer | string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Builds a cache entry: computes the ETag and the gzip and brotli bodies once. */
export function buildCachedPage(input: { status: number; headers: Record<string, string>; body: Buffer; tags: string[]; nowMs: number; freshForMs: number }): CachedPage {
  const gzip = gzipSync(input.body, { level: 6 });
  // Quality 5 compresses a 30 KB page in about a millisecond and keeps most of brotli's gain.
  const brotli = brotliCompressSync(input.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: input.body.length } });
  const etag = entityTagOf(input.body);
  const headerBytes = Object.entries(input.headers).reduce((sum, [k, v]) => sum + k.length + v.length, 0);
  const common = [...Object.entries(input.headers).flat(), 'etag', etag, 'vary', 'Accept-Encoding', 'x-cache', 'HIT'];
  const wireHeaders = {
    identity: [...common, 'content-length', String(input.body.length)],
    gzip: [...common, 'content-encoding', 'gzip', 'content-length', String(gzip.length)],
    br: [...common, 'content-encoding', 'br', 'content-length', String(brotli.length)],
  };
  return {
    wireHeaders,
    status: input.status,
    headers: input.headers,
    body: input.body,
    gzip,
    brotli,
    etag,
    tags: [...new Set(input.tags)],
    storedAt: input.nowMs,
    staleAt: input.nowMs + input.freshForMs,
    bytes: input.body.length + gzip.length + brotli.length + 4 * headerBytes + 400,
  };
}
