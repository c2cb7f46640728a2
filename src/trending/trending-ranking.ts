/**
 * The pure ranking of Trending Stories: hourly view counts → time-decayed scores.
 * No clock, no storage: everything comes in as arguments, so the order is easy to check.
 */

export const HOUR_MS = 3_600_000;

/** Views of one article in one UTC hour (`hourStartMs` = start of the hour, ms since the epoch). */
export interface ViewBucket {
  articleId: number;
  hourStartMs: number;
  views: number;
}

export interface RankingOptions {
  nowMs: number;
  /** A view this many hours old counts half as much as one now. */
  halfLifeHours: number;
  /** Only buckets starting less than this many hours ago count. Default 48. */
  windowHours?: number;
}

export interface RankedArticle {
  articleId: number;
  /** Σ views × 2^(−age / half-life); a bucket's age is measured from its middle (never negative). */
  score: number;
  /** Plain views within the window. */
  views: number;
}

export const DEFAULT_WINDOW_HOURS = 48;

/** Start of the UTC hour containing `ms`. */
export function hourStartOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** How much one view of a bucket weighs now. */
export function decayWeight(hourStartMs: number, options: RankingOptions): number {
  const ageMs = Math.max(0, options.nowMs - (hourStartMs + HOUR_MS / 2));
  return Math.pow(2, -ageMs / (options.halfLifeHours * HOUR_MS));
}

/**
 * Scores every article with views in the window and orders them: higher score first, then more
 * views, then the higher (newer) id, so equal inputs always give the same order.
 */
export function rankTrending(buckets: Iterable<ViewBucket>, options: RankingOptions): RankedArticle[] {
  const windowMs = (options.windowHours ?? DEFAULT_WINDOW_HOURS) * HOUR_MS;
  const oldest = hourStartOf(options.nowMs) - windowMs + HOUR_MS;
  const byArticle = new Map<number, RankedArticle>();
  for (const bucket of buckets) {
    if (bucket.views <= 0 || bucket.hourStartMs < oldest || bucket.hourStartMs > options.nowMs) continue;
    const entry = byArticle.get(bucket.articleId) ?? { articleId: bucket.articleId, score: 0, views: 0 };
    entry.score += bucket.views * decayWeight(bucket.hourStartMs, options);
    entry.views += bucket.views;
    byArticle.set(bucket.articleId, entry);
  }
  return [...byArticle.values()].sort((a, b) => b.score - a.score || b.views - a.views || b.articleId - a.articleId);
}
