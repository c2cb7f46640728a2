/**
 * Counts failed attempts per key in a sliding window, in process memory. Used for sign-in
 * (per account and per IP). With several processes, each keeps its own counts, which only
 * makes the limit looser by the number of processes.
 */
export interface AttemptLimiter {
  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string, nowMs: number): number;
  recordFailure(key: string, nowMs: number): void;
  reset(key: string): void;
}

export function createAttemptLimiter(options: { maxFailures: number; windowMs: number; maxKeys?: number }): AttemptLimiter {
  const failures = new Map<string, number[]>();
  const maxKeys = options.maxKeys ?? 100_000;
  const recent = (key: string, nowMs: number): number[] => {
    const list = (failures.get(key) ?? []).filter((t) => t > nowMs - options.windowMs);
    if (list.length === 0) failures.delete(key);
    else failures.set(key, list);
    return list;
  };
  return {
    retryAfter(key, nowMs) {
      const list = recent(key, nowMs);
      if (list.length < options.maxFailures) return 0;
      const oldest = list[list.length - options.maxFailures] ?? nowMs;
      return Math.max(1, Math.ceil((oldest + options.windowMs - nowMs) / 1000));
    },
    recordFailure(key, nowMs) {
      if (failures.size >= maxKeys && !failures.has(key)) {
        // Forget the oldest key rather than grow without bound under an address-spraying attack.
        const first = failures.keys().next().value;
        if (first !== undefined) failures.delete(first);
      }
      failures.set(key, [...recent(key, nowMs), nowMs]);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
