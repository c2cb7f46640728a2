import { startIntervalJob } from '../platform/jobs/interval-job.js';
import type { IntervalJob } from '../platform/jobs/interval-job.js';
import type { PublishDueResult } from './article-lifecycle-service.js';

/** How often the scheduler looks for due articles; well inside the promised 60 s. */
export const DEFAULT_SCHEDULER_INTERVAL_MS = 15_000;

/** What the scheduler logs to (a pino logger fits). */
export interface SchedulerLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * Publishes scheduled articles: one pass at start (catching up on what fell due while the
 * server was down), then one every `intervalMs`. Several processes may run it on one database;
 * the conditional publish makes each article go live exactly once.
 */
export function startArticleScheduler(options: {
  publishDue: () => Promise<PublishDueResult>;
  intervalMs?: number | undefined;
  log: SchedulerLog;
}): Promise<IntervalJob> {
  const { log } = options;
  return startIntervalJob({
    intervalMs: options.intervalMs ?? DEFAULT_SCHEDULER_INTERVAL_MS,
    run: async () => {
      const result = await options.publishDue();
      if (result.published.length > 0) log.info({ published: result.published }, 'scheduler published articles');
      // A failure (e.g. the database busy, or a lead image without alt text) is retried next pass.
      for (const failure of result.failed) log.warn({ articleId: failure.id, err: failure.error }, 'scheduler could not publish an article');
    },
    onError: (error) => log.error({ err: error }, 'scheduler pass failed'),
  });
}
