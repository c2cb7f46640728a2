/**
 * Per-key token buckets (one per client address): each holds up to `capacity` tokens and gains
 * `refillPerSecond`; a request takes one or is refused. Memory stays bounded: buckets that have
 * refilled completely carry no information and are swept.
 */
export interface TokenBucketOptions {
  capacity: number;
  refillPerSecond: number;
  /** Most addresses tracked at once; beyond it the oldest are forgotten (they start full again). */
  maxKeys?: number;
}

export interface TokenBuckets {
  /** Takes a token for `key` at time `nowMs`; false when its bucket is empty. */
  take(key: string, nowMs: number): boolean;
  /** Forgets buckets that are full again at `nowMs`. */
  sweep(nowMs: number): void;
  readonly size: number;
}

export function createTokenBuckets(options: TokenBucketOptions): TokenBuckets {
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  const maxKeys = options.maxKeys ?? 200_000;
  const refillPerMs = options.refillPerSecond / 1000;
  const level = (bucket: { tokens: number; atMs: number }, nowMs: number) => Math.min(options.capacity, bucket.tokens + Math.max(0, nowMs - bucket.atMs) * refillPerMs);
  return {
    take(key, nowMs) {
      const bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) {
          const oldest = buckets.keys().next();
          if (!oldest.done) buckets.delete(oldest.value);
        }
        buckets.set(key, { tokens: options.capacity - 1, atMs: nowMs });
        return true;
      }
      const tokens = level(bucket, nowMs);
      bucket.atMs = nowMs;
      if (tokens < 1) {
        bucket.tokens = tokens;
        return false;
      }
      bucket.tokens = tokens - 1;
      return true;
    },
    sweep(nowMs) {
      for (const [key, bucket] of buckets) if (level(bucket, nowMs) >= options.capacity) buckets.delete(key);
    },
    get size() {
      return buckets.size;
    },
  };
}
