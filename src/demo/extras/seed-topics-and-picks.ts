import type { AppServices } from '../../app-services.js';
import type { Clock } from '../../platform/clock.js';

/** Demo: detects topics and fills the demo's Editor's Picks collections (filled by the collections work). Runs once, after the stories and pages exist. */
export async function seedDemoTopicsAndPicks(_services: AppServices, _clock: Clock, _log: (line: string) => void): Promise<void> {}
