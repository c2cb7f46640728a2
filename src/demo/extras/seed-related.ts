import type { AppServices } from '../../app-services.js';
import type { Clock } from '../../platform/clock.js';

/** Demo: computes Related for every demo story (filled by the related-articles work). Runs once, after the stories and pages exist. */
export async function seedDemoRelated(_services: AppServices, _clock: Clock, _log: (line: string) => void): Promise<void> {}
