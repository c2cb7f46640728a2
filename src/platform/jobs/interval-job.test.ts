import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startIntervalJob } from './interval-job.js';

describe('startIntervalJob', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once at start, then every interval, until stopped', async () => {
    const run = vi.fn(async () => undefined);
    const job = await startIntervalJob({ intervalMs: 15_000, run, onError: () => undefined });
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(run).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(run).toHaveBeenCalledTimes(4);
    await job.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledTimes(4);
  });

  it('never overlaps a pass still running, and stop waits for it', async () => {
    let release: () => void = () => undefined;
    let running = 0;
    let maxRunning = 0;
    const run = vi.fn(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      if (run.mock.calls.length === 2) await new Promise<void>((resolve) => (release = resolve));
      running--;
    });
    const job = await startIntervalJob({ intervalMs: 1000, run, onError: () => undefined });
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(2);
    const stopped = job.stop();
    release();
    await stopped;
    expect(maxRunning).toBe(1);
  });

  it('reports a failing pass and keeps going', async () => {
    const errors: unknown[] = [];
    const run = vi.fn(async () => {
      throw new Error('database busy');
    });
    const job = await startIntervalJob({ intervalMs: 1000, run, onError: (e) => errors.push(e) });
    await vi.advanceTimersByTimeAsync(1000);
    expect(errors).toHaveLength(2);
    await job.stop();
  });
});
