import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Database, SessionRow } from '../platform/db/tables.js';

/** A staff browser session as stored: the id itself is never kept, only its hash. */
export type StoredSession = SessionRow;

/**
 * Where sessions live: the database by default, Redis when REDIS_URL is set. Both adapters
 * pass the same contract suite (test/contracts/session-store.contract.test.ts).
 */
export interface SessionStore {
  insert(session: StoredSession): Promise<void>;
  find(idHash: string): Promise<StoredSession | undefined>;
  touch(idHash: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Ends every session of a user; returns how many there were. */
  deleteOfUser(userId: number): Promise<number>;
}

/** Sessions in the `sessions` table. */
export function createSqlSessionStore(db: Kysely<Database>): SessionStore {
  return {
    async insert(session) {
      await db.insertInto('sessions').values(session).execute();
    },
    async find(idHash) {
      return db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    },
    async touch(idHash, lastSeenAt, expiresAt) {
      await db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
    },
    async delete(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
    async deleteOfUser(userId) {
      const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/**
 * Sessions in Redis: one key per session expiring with it, and one set per user listing their
 * session hashes (for "sign out everywhere").
 */
export function createRedisSessionStore(redis: Redis, prefix = 'bs:'): SessionStore {
  const sessionKey = (idHash: string) => `${prefix}session:${idHash}`;
  const userKey = (userId: number) => `${prefix}user-sessions:${userId}`;
  const ttlSeconds = (expiresAt: string) => Math.max(1, Math.ceil((Date.parse(expiresAt) - Date.now()) / 1000));
  return {
    async insert(session) {
      await redis
        .multi()
        .set(sessionKey(session.id_hash), JSON.stringify(session), 'EX', ttlSeconds(session.expires_at))
        .sadd(userKey(session.user_id), session.id_hash)
        .exec();
    },
    async find(idHash) {
      const raw = await redis.get(sessionKey(idHash));
      return raw ? (JSON.parse(raw) as StoredSession) : undefined;
    },
    async touch(idHash, lastSeenAt, expiresAt) {
      const raw = await redis.get(sessionKey(idHash));
      if (!raw) return;
      const session = { ...(JSON.parse(raw) as StoredSession), last_seen_at: lastSeenAt, expires_at: expiresAt };
      await redis.set(sessionKey(idHash), JSON.stringify(session), 'EX', ttlSeconds(expiresAt), 'XX');
    },
    async delete(idHash) {
      const raw = await redis.get(sessionKey(idHash));
      const multi = redis.multi().del(sessionKey(idHash));
      if (raw) multi.srem(userKey((JSON.parse(raw) as StoredSession).user_id), idHash);
      await multi.exec();
    },
    async deleteOfUser(userId) {
      const hashes = await redis.smembers(userKey(userId));
      if (hashes.length === 0) return 0;
      const results = await redis.multi().del(...hashes.map(sessionKey)).del(userKey(userId)).exec();
      return Number(results?.[0]?.[1] ?? 0);
    },
  };
}
