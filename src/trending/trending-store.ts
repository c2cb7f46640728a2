import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/tables.js';
import type { ViewBucket } from './trending-ranking.js';

/**
 * Where view counts and the daily salt live: SQL by default, Redis when REDIS_URL is set (so
 * several app processes add to the same counts). Both answer the same questions; the service
 * batches writes in memory and calls `addViews` once per flush.
 */
export interface TrendingStore {
  /** Adds each bucket's views to what is stored (one batch, all or nothing on SQL). */
  addViews(batch: ViewBucket[]): Promise<void>;
  /** Every stored bucket whose hour starts from `sinceHourMs` to `untilHourMs`, both included. */
  loadBuckets(sinceHourMs: number, untilHourMs: number): Promise<ViewBucket[]>;
  /** Deletes buckets of hours before `beforeHourMs`. */
  prune(beforeHourMs: number): Promise<void>;
  /**
   * The salt of UTC `day` (YYYY-MM-DD): `candidate` when this call stores it first, otherwise
   * the one another process stored. Salts of earlier days are deleted, so old hashes cannot be
   * recomputed.
   */
  saltFor(day: string, candidate: string, nowIso: string): Promise<string>;
  /**
   * Shared dedupe across processes: true when `key` was not seen within `ttlMs` (and marks it).
   * Undefined on SQL, where each process dedupes in its own memory.
   */
  markSeen?(key: string, ttlMs: number): Promise<boolean>;
}

const toIso = (ms: number) => new Date(ms).toISOString();

/** Counts in `trending_views`, salts in `trending_salts`. */
export function createSqlTrendingStore(db: Kysely<Database>): TrendingStore {
  return {
    async addViews(batch) {
      if (batch.length === 0) return;
      await db.transaction().execute(async (trx) => {
        // Chunks keep each statement well under SQLite's and PostgreSQL's parameter limits.
        for (let i = 0; i < batch.length; i += 300) {
          const rows = batch.slice(i, i + 300).map((b) => ({ article_id: b.articleId, hour: toIso(b.hourStartMs), views: b.views }));
          await trx
            .insertInto('trending_views')
            .values(rows)
            .onConflict((oc) => oc.columns(['article_id', 'hour']).doUpdateSet((eb) => ({ views: eb('trending_views.views', '+', eb.ref('excluded.views')) })))
            .execute();
        }
      });
    },
    async loadBuckets(sinceHourMs, untilHourMs) {
      const rows = await db
        .selectFrom('trending_views')
        .select(['article_id', 'hour', 'views'])
        .where('hour', '>=', toIso(sinceHourMs))
        .where('hour', '<=', toIso(untilHourMs))
        .execute();
      return rows.map((r) => ({ articleId: Number(r.article_id), hourStartMs: Date.parse(r.hour), views: Number(r.views) }));
    },
    async prune(beforeHourMs) {
      await db.deleteFrom('trending_views').where('hour', '<', toIso(beforeHourMs)).execute();
    },
    async saltFor(day, candidate, nowIso) {
      return db.transaction().execute(async (trx) => {
        await trx.insertInto('trending_salts').values({ day, salt: candidate, created_at: nowIso }).onConflict((oc) => oc.column('day').doNothing()).execute();
        await trx.deleteFrom('trending_salts').where('day', '<', day).execute();
        const row = await trx.selectFrom('trending_salts').select('salt').where('day', '=', day).executeTakeFirstOrThrow();
        return row.salt;
      });
    },
  };
}

const HOUR_KEY_TTL_S = 49 * 3600;
const SALT_TTL_S = 2 * 86_400;

/** Counts in one Redis hash per hour (`<prefix>h:<hour ms>`, field = article id), salts and dedupe marks as plain keys. */
export function createRedisTrendingStore(redis: Redis, prefix = 'bs:trending:'): TrendingStore {
  return {
    async addViews(batch) {
      if (batch.length === 0) return;
      const pipeline = redis.multi();
      const hours = new Set<number>();
      for (const b of batch) {
        pipeline.hincrby(`${prefix}h:${b.hourStartMs}`, String(b.articleId), b.views);
        hours.add(b.hourStartMs);
      }
      for (const h of hours) pipeline.expire(`${prefix}h:${h}`, HOUR_KEY_TTL_S);
      const results = await pipeline.exec();
      const failed = results?.find(([error]) => error);
      if (failed) throw failed[0];
    },
    async loadBuckets(sinceHourMs, untilHourMs) {
      // Hour keys are exact: ask for each hour of the range in one round trip.
      const hours: number[] = [];
      for (let h = sinceHourMs; h <= untilHourMs && hours.length < 24 * 60; h += 3_600_000) hours.push(h);
      const pipeline = redis.pipeline();
      for (const h of hours) pipeline.hgetall(`${prefix}h:${h}`);
      const results = (await pipeline.exec()) ?? [];
      const buckets: ViewBucket[] = [];
      results.forEach(([error, value], index) => {
        if (error) throw error;
        for (const [field, views] of Object.entries((value ?? {}) as Record<string, string>)) {
          buckets.push({ articleId: Number(field), hourStartMs: hours[index] ?? 0, views: Number(views) });
        }
      });
      return buckets;
    },
    async prune() {
      // Hour hashes expire by themselves (HOUR_KEY_TTL_S).
    },
    async saltFor(day, candidate) {
      const key = `${prefix}salt:${day}`;
      await redis.set(key, candidate, 'EX', SALT_TTL_S, 'NX');
      const salt = await redis.get(key);
      if (salt === null) throw new Error('the trending salt vanished from Redis');
      return salt;
    },
    async markSeen(key, ttlMs) {
      return (await redis.set(`${prefix}seen:${key}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
  };
}
