/**
 * Runs at most `concurrency` tasks at once, first come first served. Decoding and encoding
 * pictures happens on libuv's thread pool; capping it keeps a burst of uploads from starving
 * page rendering, file reads and database calls, which share that pool.
 */
export function createWorkQueue(options: { concurrency: number; maxWaiting: number; onFull: () => Error }) {
  let running = 0;
  const waiting: (() => void)[] = [];

  const release = () => {
    running -= 1;
    const next = waiting.shift();
    if (next) {
      running += 1;
      next();
    }
  };

  return {
    /** Runs `task` when a slot is free; throws `onFull()` at once when too many are already waiting. */
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= options.concurrency) {
        if (waiting.length >= options.maxWaiting) throw options.onFull();
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running += 1;
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

export type WorkQueue = ReturnType<typeof createWorkQueue>;
