import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { TEST_REDIS_URL, isRedisAvailable } from '../../test/support/test-databases.js';
import { createInvalidationBus, parseContentChangeMessage } from './invalidation-bus.js';

const silent = { warn: () => undefined };

describe('content change messages', () => {
  it('accepts keys or null, and rejects anything else', () => {
    expect(parseContentChangeMessage('{"origin":"p1","keys":["article:1"]}')).toEqual({ origin: 'p1', keys: ['article:1'] });
    expect(parseContentChangeMessage('{"origin":"p1","keys":null}')).toEqual({ origin: 'p1', keys: null });
    for (const bad of ['not json', '{"keys":[]}', '{"origin":"p","keys":[1]}', '{"origin":"p"}', 'null']) expect(parseContentChangeMessage(bad)).toBeUndefined();
  });
});

describe.skipIf(!(await isRedisAvailable()))('invalidation bus over Redis', () => {
  const prefix = `bs-test-${randomBytes(4).toString('hex')}:`;
  const connections: Redis[] = [];
  const connect = () => {
    const redis = new Redis(TEST_REDIS_URL);
    redis.on('error', () => undefined);
    connections.push(redis);
    return redis;
  };
  afterAll(async () => {
    for (const redis of connections) await redis.quit().catch(() => redis.disconnect());
  });

  it('delivers a change to the other processes, never back to its sender', async () => {
    const seenByA: unknown[] = [];
    const seenByB: unknown[] = [];
    const a = await createInvalidationBus({ redis: connect(), prefix, onRemoteChange: (k) => seenByA.push(k), onResync: () => undefined, log: silent });
    const b = await createInvalidationBus({ redis: connect(), prefix, onRemoteChange: (k) => seenByB.push(k), onResync: () => undefined, log: silent });
    a.publish(['article:7', 'list:home']);
    b.publish(null);
    await vi.waitFor(() => expect(seenByB).toEqual([['article:7', 'list:home']]));
    await vi.waitFor(() => expect(seenByA).toEqual([null]));
    // A malformed message from elsewhere is ignored.
    await connect().publish(`${prefix}content-changed`, '{"nonsense":true}');
    a.publish(['tag:1']);
    await vi.waitFor(() => expect(seenByB).toEqual([['article:7', 'list:home'], ['tag:1']]));
    await Promise.all([a.close(), b.close()]);
  });

  it('after its subscriber loses the connection, drops everything and receives again', async () => {
    const seen: unknown[] = [];
    let resyncs = 0;
    const listener = await createInvalidationBus({ redis: connect(), prefix, processId: `listener-${prefix}`, onRemoteChange: (k) => seen.push(k), onResync: () => (resyncs += 1), log: silent });
    const sender = await createInvalidationBus({ redis: connect(), prefix, onRemoteChange: () => undefined, onResync: () => undefined, log: silent });
    // Kill only our own subscriber connection, found by its name.
    const admin = connect();
    await admin.call('CLIENT', 'KILL', 'ID', String(await findClientId(admin, `broadsheet-bus-listener-${prefix}`)));
    await vi.waitFor(() => expect(resyncs).toBe(1), { timeout: 10_000 });
    sender.publish(['author:3']);
    await vi.waitFor(() => expect(seen).toEqual([['author:3']]), { timeout: 5000 });
    await Promise.all([listener.close(), sender.close()]);
  });
});

async function findClientId(redis: Redis, name: string): Promise<number> {
  const list = String(await redis.client('LIST'));
  const line = list.split('\n').find((l) => l.includes(` name=${name} `));
  const id = line ? /(?:^|\s)id=(\d+)/.exec(line)?.[1] : undefined;
  if (!id) throw new Error(`no Redis client named ${name}`);
  return Number(id);
}
