import type { AppServices } from '../../app-services.js';
import type { Clock } from '../../platform/clock.js';

/** Demo: seeds reactions and comments, one pending in the moderation queue (filled by the public-reaction work). Runs once, after the stories and pages exist. */
export async function seedDemoPublicReaction(_services: AppServices, _clock: Clock, _log: (line: string) => void): Promise<void> {}
