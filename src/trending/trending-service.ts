import { hash, randomBytes } from 'node:crypto';
import type { ArticleChange, ArticleSummary } from '../articles/index.js';
import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { createTokenBuckets } from './token-buckets.js';
import { DEFAULT_WINDOW_HOURS, HOUR_MS, hourStartOf, rankTrending } from './trending-ranking.js';
import type { RankedArticle, ViewBucket } from './trending-ranking.js';
import type { TrendingStore } from './trending-store.js';
import { excludedBy } from './view-rules.js';
import type { BeaconHeaders, BeaconOutcome } from './view-rules.js';

/** One reader's view as the beacon route hands it over. */
export interface ViewInput {
  articleId: number;
  /** The client address (behind a proxy: the forwarded one, see trustProxy in app.ts). */
  ip: string;
  headers: BeaconHeaders;
  /** `beacon` (navigator.sendBeacon) or `pixel` (the <noscript> image). */
  via: 'beacon' | 'pixel';
}

/** A story in the ranking, with its score and plain views in the window. */
export interface TrendingEntry {
  story: ArticleSummary;
  score: number;
  views: number;
}

export interface TrendingServiceDeps {
  store: TrendingStore;
  clock: Clock;
  /** Published stories by id (the articles service); undefined when not public. */
  stories: { findPublishedById(id: number): Promise<ArticleSummary | undefined> };
  /** TRENDING_HALF_LIFE_HOURS; default 6. */
  halfLifeHours?: number;
  /** One view per visitor per article within this time; default 30 minutes. */
  dedupeWindowMs?: number;
  /** Counted views are written to the store this often; 0 = only when `flush()` is called. Default 5 s. */
  flushIntervalMs?: number;
  /** Per-address token bucket; default 120 beacons at once, then 2 per second. */
  throttle?: { capacity: number; refillPerSecond: number };
  /** How long a computed ranking is reused; default 15 s. */
  rankingCacheMs?: number;
  /** How long an article id is known to be (not) a public story; default 60 s. */
  storyCacheMs?: number;
  /** A failed background flush (the views stay in memory and are retried). */
  onError?: (error: unknown) => void;
}

const MAX_CANDIDATES = 400;
const MAX_SEEN = 1_000_000;
const MAX_STORIES = 50_000;
const OUTCOMES: BeaconOutcome[] = ['counted', 'repeat', 'crawler', 'prefetch', 'staff', 'foreign', 'unknown-article', 'throttled'];

/**
 * Trending Stories: counts reader views without cookies and ranks stories by time-decayed views.
 *
 * A visitor is sha256(daily salt, address, user agent): nothing is stored on the reader's
 * device, the address is never kept, and the salt of a past day is deleted, so yesterday's
 * hashes cannot be linked to today's. Views are checked and counted in memory and written to
 * the store in batches (`flush`, every few seconds).
 */
export function createTrendingService(deps: TrendingServiceDeps) {
  const { store, clock } = deps;
  const halfLifeHours = deps.halfLifeHours ?? 6;
  const dedupeWindowMs = deps.dedupeWindowMs ?? 30 * 60_000;
  const flushIntervalMs = deps.flushIntervalMs ?? 5000;
  const rankingCacheMs = deps.rankingCacheMs ?? 15_000;
  const storyCacheMs = deps.storyCacheMs ?? 60_000;
  const throttle = createTokenBuckets(deps.throttle ?? { capacity: 120, refillPerSecond: 2 });

  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<BeaconOutcome, number>;
  /** Visitor+article → when its dedupe window ends; insertion order is expiry order. */
  const seen = new Map<string, number>();
  /** Counted views not yet in the store: "articleId:hourMs" → views. */
  let pending = new Map<string, ViewBucket>();
  const stories = new Map<number, { story: ArticleSummary | undefined; untilMs: number }>();
  const storyLoads = new Map<number, Promise<ArticleSummary | undefined>>();
  let salt: { day: string; value: string } | undefined;
  let saltLoad: Promise<{ day: string; value: string }> | undefined;
  let snapshot: { atMs: number; buckets: ViewBucket[] } | undefined;
  let snapshotLoad: Promise<ViewBucket[]> | undefined;
  let ranking: { atMs: number; ranked: RankedArticle[] } | undefined;
  let flushing: Promise<number> = Promise.resolve(0);
  let timer: NodeJS.Timeout | undefined;
  let lastPruneHour = 0;
  /** Bumped by every stored batch: a snapshot read while one was written may miss it, so it is not kept. */
  let flushGeneration = 0;

  const now = () => clock.now().getTime();

  async function saltOf(nowMs: number): Promise<string> {
    const day = new Date(nowMs).toISOString().slice(0, 10);
    if (salt?.day === day) return salt.value;
    if (!saltLoad) {
      saltLoad = store
        .saltFor(day, randomBytes(32).toString('base64url'), nowIso(clock))
        .then((value) => (salt = { day, value }))
        .finally(() => (saltLoad = undefined));
    }
    const loaded = await saltLoad;
    return loaded.day === day ? loaded.value : saltOf(nowMs);
  }

  function cachedStory(id: number, nowMs: number): { story: ArticleSummary | undefined } | undefined {
    const hit = stories.get(id);
    return hit && hit.untilMs > nowMs ? hit : undefined;
  }

  async function storyOf(id: number): Promise<ArticleSummary | undefined> {
    const hit = cachedStory(id, now());
    if (hit) return hit.story;
    let load = storyLoads.get(id);
    if (!load) {
      load = deps.stories
        .findPublishedById(id)
        .then((found) => {
          if (stories.size >= MAX_STORIES) stories.clear();
          const story = found ? summaryOf(found) : undefined;
          stories.set(id, { story, untilMs: now() + storyCacheMs });
          return story;
        })
        .finally(() => storyLoads.delete(id));
      storyLoads.set(id, load);
    }
    return load;
  }

  function remember(key: string, nowMs: number): boolean {
    const until = seen.get(key);
    if (until !== undefined && until > nowMs) return false;
    seen.delete(key);
    if (seen.size >= MAX_SEEN) {
      const oldest = seen.keys().next();
      if (!oldest.done) seen.delete(oldest.value);
    }
    seen.set(key, nowMs + dedupeWindowMs);
    return true;
  }

  function sweep(nowMs: number): void {
    for (const [key, until] of seen) {
      if (until > nowMs) break;
      seen.delete(key);
    }
    throttle.sweep(nowMs);
  }

  function addPending(articleId: number, hourStartMs: number, views: number): void {
    const key = `${articleId}:${hourStartMs}`;
    const bucket = pending.get(key);
    if (bucket) bucket.views += views;
    else pending.set(key, { articleId, hourStartMs, views });
    if (!timer && flushIntervalMs > 0) {
      timer = setInterval(() => void service.flush().catch((error: unknown) => deps.onError?.(error)), flushIntervalMs);
      timer.unref();
    }
  }

  async function loadSnapshot(nowMs: number): Promise<ViewBucket[]> {
    if (snapshot && nowMs - snapshot.atMs < rankingCacheMs) return snapshot.buckets;
    if (!snapshotLoad) {
      const until = hourStartOf(nowMs);
      const since = until - (DEFAULT_WINDOW_HOURS - 1) * HOUR_MS;
      const generation = flushGeneration;
      snapshotLoad = store
        .loadBuckets(since, until)
        .then((buckets) => {
          if (generation === flushGeneration) snapshot = { atMs: nowMs, buckets };
          return buckets;
        })
        .finally(() => (snapshotLoad = undefined));
    }
    return snapshotLoad;
  }

  async function rankingAt(nowMs: number): Promise<RankedArticle[]> {
    if (ranking && nowMs - ranking.atMs < rankingCacheMs) return ranking.ranked;
    await flushing;
    const stored = await loadSnapshot(nowMs);
    const ranked = rankTrending([...stored, ...pending.values()], { nowMs, halfLifeHours });
    ranking = { atMs: nowMs, ranked };
    return ranked;
  }

  const service = {
    halfLifeHours,

    /**
     * Checks one beacon and counts it when it is a reader's first view of a public story within
     * the dedupe window. Cheap: memory only, except the first lookup of a story id or of the
     * day's salt (and one SET NX when dedupe is shared through Redis).
     */
    async recordView(input: ViewInput): Promise<BeaconOutcome> {
      const nowMs = now();
      const outcome = await decide(input, nowMs);
      outcomes[outcome] += 1;
      return outcome;
    },

    /** Writes the views counted so far to the store; returns how many buckets were written. A failure keeps them for the next flush. */
    flush(): Promise<number> {
      flushing = flushing.then(async () => {
        const nowMs = now();
        sweep(nowMs);
        const batch = [...pending.values()];
        pending = new Map();
        if (batch.length === 0) return 0;
        try {
          await store.addViews(batch);
        } catch (error) {
          for (const b of batch) addPending(b.articleId, b.hourStartMs, b.views);
          throw error;
        }
        // What was pending is now stored: keep the cached snapshot in step until it is reloaded.
        flushGeneration += 1;
        if (snapshot) snapshot.buckets.push(...batch);
        const hour = hourStartOf(nowMs);
        if (hour !== lastPruneHour) {
          lastPruneHour = hour;
          await store.prune(hour - DEFAULT_WINDOW_HOURS * HOUR_MS);
        }
        return batch.length;
      });
      const result = flushing;
      flushing = flushing.catch(() => 0);
      return result;
    },

    /**
     * The most-read stories now, best first: public stories only, optionally only those whose
     * primary section is in `sectionIds`, without `excludeArticleId`.
     */
    async top(options: { limit: number; sectionIds?: ReadonlySet<number>; excludeArticleId?: number }): Promise<TrendingEntry[]> {
      const ranked = (await rankingAt(now())).slice(0, MAX_CANDIDATES);
      const found: TrendingEntry[] = [];
      for (let i = 0; i < ranked.length && found.length < options.limit; i += 20) {
        const chunk = ranked.slice(i, i + 20).filter((r) => r.articleId !== options.excludeArticleId);
        const chunkStories = await Promise.all(chunk.map((r) => storyOf(r.articleId)));
        chunk.forEach((r, index) => {
          const story = chunkStories[index];
          if (!story || found.length >= options.limit) return;
          if (options.sectionIds && !options.sectionIds.has(story.primarySectionId)) return;
          found.push({ story, score: r.score, views: r.views });
        });
      }
      return found;
    },

    /** Adds views straight to the store (demo seeding, imports); no visitor checks. */
    async addViews(batch: ViewBucket[]): Promise<void> {
      await store.addViews(batch.filter((b) => b.views > 0).map((b) => ({ ...b, hourStartMs: hourStartOf(b.hourStartMs) })));
      service.refresh();
    },

    /** Forgets the cached ranking and stories, so the next `top` reads the store again. */
    refresh(): void {
      ranking = undefined;
      snapshot = undefined;
      stories.clear();
    },

    /** A story changed (published, unpublished, purged…): look it up again next time. */
    onArticleChanged(change: ArticleChange): void {
      stories.delete(change.articleId);
      ranking = undefined;
    },

    /** How many beacons ended how since start. */
    stats(): Record<BeaconOutcome, number> {
      return { ...outcomes };
    },

    /** Stops the background flush and writes what is left. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await service.flush();
    },
  };

  async function decide(input: ViewInput, nowMs: number): Promise<BeaconOutcome> {
    // A flood is refused before anything else costs time; other addresses keep their own buckets.
    if (!throttle.take(input.ip, nowMs)) return 'throttled';
    const excluded = excludedBy(input.headers, input.via === 'pixel' ? 'image' : 'empty');
    if (excluded) return excluded;
    const cached = cachedStory(input.articleId, nowMs);
    const story = cached ? cached.story : await storyOf(input.articleId);
    if (!story) return 'unknown-article';
    const daySalt = salt?.day === new Date(nowMs).toISOString().slice(0, 10) ? salt.value : await saltOf(nowMs);
    const visitor = hash('sha256', `${daySalt}\n${input.ip}\n${input.headers['user-agent'] ?? ''}`, 'base64url').slice(0, 22);
    const key = `${visitor}:${input.articleId}`;
    if (!remember(key, nowMs)) return 'repeat';
    if (store.markSeen && !(await store.markSeen(key, dedupeWindowMs))) return 'repeat';
    addPending(input.articleId, hourStartOf(nowMs), 1);
    return 'counted';
  }

  return service;
}

export type TrendingService = ReturnType<typeof createTrendingService>;

/** Only what story cards need, so the cache does not hold whole bodies. */
function summaryOf(story: ArticleSummary): ArticleSummary {
  const { id, slug, status, kicker, headline, dek, leadImage, dateline, primarySectionId, publishedAt, updatedAt, wordCount, authors } = story;
  return { id, slug, status, kicker, headline, dek, leadImage, dateline, primarySectionId, publishedAt, updatedAt, wordCount, authors };
}
