import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Counts failed attempts per key in a sliding window. Used for sign-in (per account and per IP).
 * In process memory by default; in Redis when REDIS_URL is set, so every process sees the same
 * counts and a lockout on one applies on all.
 */
export interface AttemptLimiter {
  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string, nowMs: number): Promise<number>;
  recordFailure(key: string, nowMs: number): Promise<void>;
  reset(key: string): Promise<void>;
}

export interface AttemptLimiterOptions {
  /** Distinguishes limiters sharing a store, e.g. "sign-in-account". */
  name: string;
  maxFailures: number;
  windowMs: number;
}

/** Builds a limiter; the user service asks for one per kind of key. */
export type AttemptLimiterFactory = (options: AttemptLimiterOptions) => AttemptLimiter;

/** Seconds to wait given the failure times in the window (ascending). */
function waitSeconds(times: number[], options: AttemptLimiterOptions, nowMs: number): number {
  if (times.length < options.maxFailures) return 0;
  const oldest = times[times.length - options.maxFailures] ?? nowMs;
  return Math.max(1, Math.ceil((oldest + options.windowMs - nowMs) / 1000));
}

export function createAttemptLimiter(options: AttemptLimiterOptions & { maxKeys?: number }): AttemptLimiter {
  const failures = new Map<string, number[]>();
  const maxKeys = options.maxKeys ?? 100_000;
  const recent = (key: string, nowMs: number): number[] => {
    const list = (failures.get(key) ?? []).filter((t) => t > nowMs - options.windowMs);
    if (list.length === 0) failures.delete(key);
    else failures.set(key, list);
    return list;
  };
  return {
    async retryAfter(key, nowMs) {
      return waitSeconds(recent(key, nowMs), options, nowMs);
    },
    async recordFailure(key, nowMs) {
      if (failures.size >= maxKeys && !failures.has(key)) {
        // Forget the oldest key rather than grow without bound under an address-spraying attack.
        const first = failures.keys().next().value;
        if (first !== undefined) failures.delete(first);
      }
      failures.set(key, [...recent(key, nowMs), nowMs]);
    },
    async reset(key) {
      failures.delete(key);
    },
  };
}

/** In-memory limiters, one process each (the default without REDIS_URL). */
export const memoryAttemptLimiters: AttemptLimiterFactory = (options) => createAttemptLimiter(options);

/**
 * Limiters in Redis, shared by every process: one sorted set per key (`<prefix>attempts:<name>:<key>`)
 * of failure times, trimmed to the window and expiring with it.
 */
export function redisAttemptLimiters(redis: Redis, prefix: string): AttemptLimiterFactory {
  return (options) => {
    const keyOf = (key: string) => `${prefix}attempts:${options.name}:${key}`;
    return {
      async retryAfter(key, nowMs) {
        const results = await redis
          .multi()
          .zremrangebyscore(keyOf(key), '-inf', nowMs - options.windowMs)
          .zrange(keyOf(key), '0', '-1', 'WITHSCORES')
          .exec();
        const flat = (results?.[1]?.[1] ?? []) as string[];
        const times: number[] = [];
        for (let i = 1; i < flat.length; i += 2) times.push(Number(flat[i]));
        return waitSeconds(times, options, nowMs);
      },
      async recordFailure(key, nowMs) {
        await redis
          .multi()
          .zadd(keyOf(key), nowMs, `${nowMs}-${randomBytes(4).toString('hex')}`)
          .zremrangebyscore(keyOf(key), '-inf', nowMs - options.windowMs)
          .pexpire(keyOf(key), options.windowMs)
          .exec();
      },
      async reset(key) {
        await redis.del(keyOf(key));
      },
    };
  };
}
