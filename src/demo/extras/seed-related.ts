import type { AppServices } from '../../app-services.js';
import type { Clock } from '../../platform/clock.js';

/** Demo: computes Related for every demo story, so each article page shows the block on first start. */
export async function seedDemoRelated(services: AppServices, _clock: Clock, log: (line: string) => void): Promise<void> {
  const result = await services.related.reindexAll();
  log(`Related stories computed for ${result.articles} stories.`);
}
