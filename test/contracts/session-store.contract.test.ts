import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createRedisSessionStore, createSqlSessionStore } from '../../src/users/index.js';
import type { SessionStore } from '../../src/users/index.js';
import { createAppServices } from '../../src/app-services.js';
import { systemClock } from '../../src/platform/clock.js';
import { TEST_REDIS_URL, availableDialects, createTestDatabase, isRedisAvailable } from '../support/test-databases.js';

/** One suite for every place sessions can live: SQL on each dialect, and Redis. */
const adapters: { name: string; make: () => Promise<{ store: SessionStore; userIds: number[]; close(): Promise<void> }> }[] = [];

for (const dialect of await availableDialects()) {
  adapters.push({
    name: `sql (${dialect})`,
    make: async () => {
      const database = await createTestDatabase(dialect);
      const services = createAppServices({ db: database.db, clock: systemClock });
      const userIds: number[] = [];
      for (const n of [1, 2]) userIds.push((await services.users.addUser({ email: `u${n}@paper.test`, name: `U${n}`, role: 'editor', password: 'long enough password', isOwner: false }, { system: 'cli' })).id);
      return { store: createSqlSessionStore(database.db), userIds, close: () => database.close() };
    },
  });
}
if (await isRedisAvailable()) {
  adapters.push({
    name: 'redis',
    make: async () => {
      const redis = new Redis(TEST_REDIS_URL);
      const prefix = `bs-test-${randomBytes(4).toString('hex')}:`;
      return {
        store: createRedisSessionStore(redis, prefix),
        userIds: [1, 2],
        close: async () => {
          const keys = await redis.keys(`${prefix}*`);
          if (keys.length > 0) await redis.del(...keys);
          await redis.quit();
        },
      };
    },
  });
}

describe.each(adapters)('session store: $name', ({ make }) => {
  let made: Awaited<ReturnType<typeof make>> | undefined;
  afterAll(async () => made?.close());
  const session = (idHash: string, userId: number) => {
    const now = new Date();
    return { id_hash: idHash, user_id: userId, csrf_token: `csrf-${idHash}`, created_at: now.toISOString(), last_seen_at: now.toISOString(), expires_at: new Date(now.getTime() + 3600_000).toISOString(), user_agent: 'test' };
  };

  it('stores, finds, touches and deletes a session', async () => {
    made = await make();
    const { store, userIds } = made;
    await store.insert(session('a', userIds[0]!));
    expect(await store.find('a')).toMatchObject({ user_id: userIds[0], csrf_token: 'csrf-a' });
    const later = new Date(Date.now() + 7200_000).toISOString();
    await store.touch('a', later, later);
    expect((await store.find('a'))?.expires_at).toBe(later);
    await store.delete('a');
    expect(await store.find('a')).toBeUndefined();
    await store.delete('a');
  });

  it('ends every session of one user and none of another', async () => {
    const { store, userIds } = made!;
    await store.insert(session('b1', userIds[0]!));
    await store.insert(session('b2', userIds[0]!));
    await store.insert(session('c1', userIds[1]!));
    expect(await store.deleteOfUser(userIds[0]!)).toBe(2);
    expect(await store.find('b1')).toBeUndefined();
    expect(await store.find('b2')).toBeUndefined();
    expect(await store.find('c1')).toBeDefined();
    expect(await store.deleteOfUser(userIds[0]!)).toBe(0);
  });
});
