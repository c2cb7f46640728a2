/** Source of the current time, passed in so tests and the demo seeder can control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The current time as an ISO 8601 UTC string, the format of every `*_at` column. */
export function nowIso(clock: Clock): string {
  return clock.now().toISOString();
}
