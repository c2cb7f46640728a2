/**
 * A job that runs once at start and then every `intervalMs`, never overlapping itself. It
 * holds no state of its own worth keeping: durable jobs keep their state in the database, so a
 * pass after a restart catches up on whatever fell due while the process was down.
 */
export interface IntervalJob {
  /** Runs a pass now (or waits for the one in progress). */
  runNow(): Promise<void>;
  /** Stops the timer and waits for a pass in progress to end. */
  stop(): Promise<void>;
}

export interface IntervalJobOptions {
  intervalMs: number;
  run: () => Promise<void>;
  /** Called with whatever a pass throws; the job keeps running. */
  onError: (error: unknown) => void;
}

/** Starts the job: awaits the first pass (the catch-up), then schedules the rest. */
export async function startIntervalJob(options: IntervalJobOptions): Promise<IntervalJob> {
  let running: Promise<void> | null = null;
  let stopped = false;
  const runNow = (): Promise<void> => {
    if (running) return running;
    if (stopped) return Promise.resolve();
    running = options
      .run()
      .catch((error: unknown) => options.onError(error))
      .finally(() => {
        running = null;
      });
    return running;
  };
  await runNow();
  const timer = setInterval(() => void runNow(), options.intervalMs);
  // The timer alone must not keep the process alive; the server or the test does.
  timer.unref();
  return {
    runNow,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
