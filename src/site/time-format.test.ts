import { describe, expect, it } from 'vitest';
import { toTimeView } from './time-format.js';

describe('toTimeView (memoised)', () => {
  it('gives the same text for the same moment, locale and time zone', () => {
    const first = toTimeView('2026-11-27T14:05:00.000Z', 'en-GB', 'Europe/London');
    expect(first).toEqual({ iso: '2026-11-27T14:05:00.000Z', display: expect.stringContaining('14:05') as string, short: '27 Nov 2026' });
    expect(toTimeView('2026-11-27T14:05:00.000Z', 'en-GB', 'Europe/London')).toEqual(first);
  });

  it('never hands out a view for another moment, locale or time zone', () => {
    const london = toTimeView('2026-11-27T23:30:00.000Z', 'en-GB', 'Europe/London');
    const berlin = toTimeView('2026-11-27T23:30:00.000Z', 'en-GB', 'Europe/Berlin');
    expect(london.short).toBe('27 Nov 2026');
    expect(berlin.short).toBe('28 Nov 2026');
    expect(toTimeView('2026-11-27T23:30:00.000Z', 'de-DE', 'Europe/London').short).not.toBe(london.short);
    // An article update changes its stored time, hence the key: the new time is shown.
    expect(toTimeView('2026-11-27T23:31:00.000Z', 'en-GB', 'Europe/London').display).toContain('23:31');
  });

  it('shares views read-only', () => {
    const view = toTimeView('2026-01-02T03:04:05.000Z', 'en', 'UTC');
    expect(Object.isFrozen(view)).toBe(true);
  });
});
