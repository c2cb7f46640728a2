import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** What a process announces after a content change: exact keys, or null for "everything". */
export interface ContentChangeMessage {
  /** Id of the process that made the change; it ignores its own messages. */
  origin: string;
  keys: string[] | null;
}

export interface InvalidationBusLog {
  warn(object: object, message: string): void;
}

export interface InvalidationBus {
  /** This process's id, carried in every message it publishes. */
  readonly processId: string;
  /** Tells the other processes about a change this process already applied. Never throws. */
  publish(keys: string[] | null): void;
  /** Resolves once the subscription is live (messages published after this are received). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** Parses a message from the channel; undefined for anything malformed. */
export function parseContentChangeMessage(raw: string): ContentChangeMessage | undefined {
  try {
    const value = JSON.parse(raw) as unknown;
    if (!value || typeof value !== 'object') return undefined;
    const { origin, keys } = value as { origin?: unknown; keys?: unknown };
    if (typeof origin !== 'string') return undefined;
    if (keys === null) return { origin, keys: null };
    if (!Array.isArray(keys) || !keys.every((k): k is string => typeof k === 'string' && k.length <= 200) || keys.length > 100_000) return undefined;
    return { origin, keys };
  } catch {
    return undefined;
  }
}

/**
 * Cache invalidation across processes over Redis pub/sub. Each process applies a change locally,
 * then publishes it on `<prefix>content-changed`; every other process applies it to its own page
 * cache and site context. A process ignores its own messages.
 *
 * Reconnects: pub/sub delivers nothing while a connection is down, so after the subscriber
 * reconnects the process drops everything it keeps (`onResync`), and a process whose publish
 * failed announces "everything changed" once its publisher is back.
 */
export async function createInvalidationBus(options: {
  /** The process's main Redis connection (used to publish); the bus opens its own subscriber. */
  redis: Redis;
  prefix: string;
  /** Applies a change another process made. */
  onRemoteChange: (keys: string[] | null) => void;
  /** Called after a reconnect: messages may have been missed, drop everything. */
  onResync: () => void;
  log: InvalidationBusLog;
  processId?: string;
}): Promise<InvalidationBus> {
  const { redis, log } = options;
  const channel = `${options.prefix}content-changed`;
  const processId = options.processId ?? `${process.pid}-${randomBytes(6).toString('hex')}`;
  const subscriber = redis.duplicate({ connectionName: `broadsheet-bus-${processId}`, lazyConnect: true, maxRetriesPerRequest: null });
  subscriber.on('error', (error: Error) => log.warn({ err: error }, 'cache invalidation subscriber: Redis error'));
  subscriber.on('message', (from: string, raw: string) => {
    if (from !== channel) return;
    const message = parseContentChangeMessage(raw);
    if (!message) return log.warn({ channel }, 'ignored a malformed cache invalidation message');
    if (message.origin === processId) return;
    options.onRemoteChange(message.keys);
  });
  let hasConnected = false;
  // ioredis re-subscribes by itself after a reconnect; what was published meanwhile is lost.
  subscriber.on('ready', () => {
    if (hasConnected) {
      log.warn({ channel }, 'cache invalidation subscriber reconnected: dropping cached pages');
      options.onResync();
    }
    hasConnected = true;
  });
  await subscriber.connect();
  await subscriber.subscribe(channel);

  let mustAnnounceAll = false;
  const send = (keys: string[] | null): void => {
    const message: ContentChangeMessage = { origin: processId, keys };
    redis.publish(channel, JSON.stringify(message)).then(
      () => undefined,
      (error: unknown) => {
        // The others missed this change: tell them everything changed as soon as Redis is back.
        mustAnnounceAll = true;
        log.warn({ err: error }, 'could not publish a cache invalidation; will announce a full flush on reconnect');
      },
    );
  };
  const onPublisherReady = (): void => {
    if (!mustAnnounceAll) return;
    mustAnnounceAll = false;
    send(null);
  };
  redis.on('ready', onPublisherReady);

  return {
    processId,
    publish(keys) {
      if (mustAnnounceAll && redis.status === 'ready') {
        mustAnnounceAll = false;
        return send(null);
      }
      send(keys);
    },
    async ready() {
      // A round trip on the subscriber after SUBSCRIBE: the subscription is registered.
      if (subscriber.status !== 'ready') await new Promise<void>((resolve) => subscriber.once('ready', () => resolve()));
    },
    async close() {
      redis.off('ready', onPublisherReady);
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
