import type { AppServices } from '../../app-services.js';
import type { Clock } from '../../platform/clock.js';

/** Demo: records demo page views so Trending Stories shows on first start (filled by the trending work). Runs once, after the stories and pages exist. */
export async function seedDemoViews(_services: AppServices, _clock: Clock, _log: (line: string) => void): Promise<void> {}
