import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';

/** The WORKERS setting as a number of server processes: "auto" is one per CPU core. */
export function workerCount(setting: number | 'auto'): number {
  return setting === 'auto' ? Math.max(1, availableParallelism()) : setting;
}

/** Worker exits in a row that happen before the worker listened; then the primary gives up. */
const MAX_FAILED_STARTS = 3;
/** How long the primary waits for workers to finish their requests on SIGINT/SIGTERM. */
const STOP_GRACE_MS = 15_000;

export interface SuperviseOptions {
  count: number;
  /** Called once, when the first `count` workers all listen (with the port they share). */
  onListening(port: number): void;
  /** Called when the primary gives up (workers keep failing to start). */
  onGiveUp(message: string): void;
}

/**
 * Runs in the cluster's primary: forks `count` workers that share one listening port (node:cluster
 * hands connections out round-robin), starts a new worker when one dies, and on SIGINT/SIGTERM
 * asks every worker to finish its requests and exit. Each worker runs the whole server; a cached
 * page is answered by whichever worker gets the connection, so each keeps its own page cache and
 * Redis carries invalidations, sessions, limits and trending counts between them.
 */
export function superviseWorkers(options: SuperviseOptions): void {
  const { count } = options;
  const listening = new Set<number>();
  let announced = false;
  let stopping = false;
  let exitCode = 0;
  let failedStarts = 0;
  const exitWhenNoWorkers = () => {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
  };

  cluster.on('listening', (worker, address) => {
    listening.add(worker.id);
    failedStarts = 0;
    if (!announced && listening.size >= count) {
      announced = true;
      options.onListening(address.port);
    }
  });

  cluster.on('exit', (worker, code, signal) => {
    const wasListening = listening.delete(worker.id);
    if (stopping) return exitWhenNoWorkers();
    if (!wasListening && ++failedStarts >= MAX_FAILED_STARTS) {
      stopping = true;
      exitCode = 1;
      options.onGiveUp(`${failedStarts} workers in a row exited before they listened (the last with ${signal ?? `code ${code}`}); see their errors above`);
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      return exitWhenNoWorkers();
    }
    console.error(`Broadsheet worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
    cluster.fork();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // A terminal's Ctrl-C reaches the workers too; a signal sent to the primary alone is passed on.
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    exitWhenNoWorkers();
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, STOP_GRACE_MS).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  for (let i = 0; i < count; i++) cluster.fork();
}
