import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { AppServices } from '../../src/app-services.js';
import { createAppServices } from '../../src/app-services.js';
import type { Article } from '../../src/articles/index.js';
import { createRedisTrendingStore, createSqlTrendingStore, createTrendingService } from '../../src/trending/index.js';
import type { TrendingStore } from '../../src/trending/index.js';
import { buildTestApp } from '../support/build-test-app.js';
import { makeArticle, makeSections } from '../support/factories.js';
import { TEST_REDIS_URL, availableDialects, createTestDatabase, isRedisAvailable } from '../support/test-databases.js';

const H = 3_600_000;
const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0';
const sortBuckets = (buckets: { articleId: number; hourStartMs: number; views: number }[]) => [...buckets].sort((a, b) => a.articleId - b.articleId || a.hourStartMs - b.hourStartMs);

/** What every place counts can live must do (SQL on each dialect, and Redis). */
function storeContract(name: string, open: () => Promise<{ store: TrendingStore; close(): Promise<void> }>) {
  describe(`trending store: ${name}`, () => {
    let store: TrendingStore;
    let close: () => Promise<void>;
    beforeAll(async () => ({ store, close } = await open()), 60_000);
    afterAll(async () => close?.());

    it('adds batches to what is stored and loads an hour range', async () => {
      await store.addViews([
        { articleId: 1, hourStartMs: T0, views: 3 },
        { articleId: 2, hourStartMs: T0, views: 1 },
        { articleId: 1, hourStartMs: T0 - H, views: 5 },
        { articleId: 1, hourStartMs: T0 - 50 * H, views: 9 },
      ]);
      await store.addViews([{ articleId: 1, hourStartMs: T0, views: 2 }]);
      await store.addViews([]);
      expect(sortBuckets(await store.loadBuckets(T0 - 47 * H, T0))).toEqual([
        { articleId: 1, hourStartMs: T0 - H, views: 5 },
        { articleId: 1, hourStartMs: T0, views: 5 },
        { articleId: 2, hourStartMs: T0, views: 1 },
      ]);
      expect(await store.loadBuckets(T0 + H, T0 + 2 * H)).toEqual([]);
    });

    it('hands out one salt per day, the same to every caller, and forgets past days', async () => {
      const first = await store.saltFor('2026-11-28', 'salt-a', new Date(T0).toISOString());
      expect(first).toBe('salt-a');
      expect(await store.saltFor('2026-11-28', 'salt-b', new Date(T0).toISOString())).toBe('salt-a');
      expect(await store.saltFor('2026-11-29', 'salt-c', new Date(T0 + 24 * H).toISOString())).toBe('salt-c');
    });
  });
}

for (const dialect of await availableDialects()) {
  storeContract(`sql (${dialect})`, async () => {
    const database = await createTestDatabase(dialect);
    return { store: createSqlTrendingStore(database.db), close: () => database.close() };
  });

  describe(`trending on ${dialect}: two processes on one database`, () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let services: AppServices;
    let story: Article;
    let nowMs = T0 + 5 * 60_000;
    const clock = { now: () => new Date(nowMs) };
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      services = createAppServices({ db: database.db, clock, trending: { flushIntervalMs: 0 } });
      const ids = await makeSections(services, ['news']);
      story = await makeArticle(services, { primarySectionId: ids.news! });
    }, 60_000);
    afterAll(async () => database?.close());

    it('flushes batches that both processes add up, prunes old hours, and keeps only today’s salt', async () => {
      const other = createTrendingService({ store: createSqlTrendingStore(database.db), clock, stories: services.articles, flushIntervalMs: 0 });
      const view = (ip: string) => ({ articleId: story.id, ip, headers: { 'user-agent': FIREFOX }, via: 'beacon' as const });
      expect(await services.trending.recordView(view('192.0.2.1'))).toBe('counted');
      expect(await services.trending.recordView(view('192.0.2.2'))).toBe('counted');
      expect(await other.recordView(view('192.0.2.3'))).toBe('counted');
      expect(await services.trending.flush()).toBe(1);
      expect(await other.flush()).toBe(1);
      expect(await other.flush()).toBe(0);
      const [entry] = await other.top({ limit: 5 });
      expect(entry).toMatchObject({ story: { id: story.id }, views: 3 });
      const rows = await database.db.selectFrom('trending_views').selectAll().execute();
      expect(rows.map((r) => ({ ...r, article_id: Number(r.article_id), views: Number(r.views) }))).toEqual([{ article_id: story.id, hour: '2026-11-28T10:00:00.000Z', views: 3 }]);

      // Two days later: a new salt replaces the old one, and the old hour is pruned at the next flush.
      nowMs += 49 * H;
      expect(await services.trending.recordView(view('192.0.2.1'))).toBe('counted');
      await services.trending.stop();
      const hours = (await database.db.selectFrom('trending_views').select('hour').execute()).map((r) => r.hour);
      expect(hours).toEqual(['2026-11-30T11:00:00.000Z']);
      const salts = await database.db.selectFrom('trending_salts').select('day').execute();
      expect(salts).toEqual([{ day: '2026-11-30' }]);
    });
  });
}

if (await isRedisAvailable()) {
  const prefix = `test:trending:${randomBytes(6).toString('hex')}:`;
  const cleanUp = async (redis: Redis) => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  };
  storeContract('redis', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const storePrefix = `${prefix}contract:`;
    return {
      store: createRedisTrendingStore(redis, storePrefix),
      close: async () => {
        await cleanUp(redis);
        await redis.quit();
      },
    };
  });

  describe('trending in Redis: two processes share counts, dedupe and salt', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let redis: Redis;
    let first: AppServices;
    let story: Article;
    const clock = { now: () => new Date(T0 + 5 * 60_000) };
    beforeAll(async () => {
      database = await createTestDatabase('sqlite');
      redis = new Redis(TEST_REDIS_URL);
      first = createAppServices({ db: database.db, clock, trending: { redis, keyPrefix: `${prefix}app:`, flushIntervalMs: 0 } });
      const ids = await makeSections(first, ['news']);
      story = await makeArticle(first, { primarySectionId: ids.news! });
    }, 60_000);
    afterAll(async () => {
      if (redis) {
        await cleanUp(redis);
        await redis.quit();
      }
      await database?.close();
    });

    it('counts a visitor once even when the views reach different processes', async () => {
      const second = createAppServices({ db: database.db, clock, trending: { redis, keyPrefix: `${prefix}app:`, flushIntervalMs: 0 } });
      const view = (ip: string) => ({ articleId: story.id, ip, headers: { 'user-agent': FIREFOX }, via: 'beacon' as const });
      expect(await first.trending.recordView(view('192.0.2.1'))).toBe('counted');
      expect(await second.trending.recordView(view('192.0.2.1'))).toBe('repeat');
      expect(await second.trending.recordView(view('192.0.2.2'))).toBe('counted');
      expect(await first.trending.recordView(view('192.0.2.3'))).toBe('counted');
      await first.trending.flush();
      await second.trending.flush();
      expect(await redis.hget(`${prefix}app:h:${T0}`, String(story.id))).toBe('3');
      expect(await redis.ttl(`${prefix}app:h:${T0}`)).toBeGreaterThan(48 * 3600);
      const dedupeKeys = await redis.keys(`${prefix}app:seen:*`);
      expect(dedupeKeys).toHaveLength(3);
      const ttl = await redis.pttl(dedupeKeys[0]!);
      expect(ttl).toBeGreaterThan(29 * 60_000);
      expect(ttl).toBeLessThanOrEqual(30 * 60_000);
      // Nothing in the key names or values is an address.
      expect(dedupeKeys.join(' ')).not.toContain('192.0.2');
      for (const services of [first, second]) {
        const [entry] = await services.trending.top({ limit: 5 });
        expect(entry).toMatchObject({ story: { id: story.id }, views: 3 });
      }
      // SQL holds no counts when Redis does.
      expect(await database.db.selectFrom('trending_views').selectAll().execute()).toEqual([]);
    });
  });
}

describe.skipIf(!(await isRedisAvailable()))('trending in a built app with REDIS_URL', () => {
  it('keeps its Redis keys under REDIS_KEY_PREFIX, so sites sharing one Redis count apart', async () => {
    const prefixes = [`bs-test-${randomBytes(4).toString('hex')}:`, `bs-test-${randomBytes(4).toString('hex')}:`];
    const sites = await Promise.all(prefixes.map((prefix) => buildTestApp({ env: { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix } })));
    const redis = new Redis(TEST_REDIS_URL);
    try {
      await sites[0]!.services.trending.addViews([{ articleId: 7, hourStartMs: T0, views: 4 }]);
      expect(await redis.hget(`${prefixes[0]}trending:h:${T0}`, '7')).toBe('4');
      // The other site, on the same Redis, sees none of the first site's counts.
      expect(await redis.keys(`${prefixes[1]}trending:*`)).toEqual([]);
    } finally {
      await Promise.all(sites.map((site) => site.close()));
      for (const prefix of prefixes) {
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length > 0) await redis.del(...keys);
      }
      await redis.quit();
    }
  });
});
