/**
 * Date filters as readers give them: calendar days (YYYY-MM-DD) in the publication's time zone,
 * both ends inclusive. Turned into the ISO instants the index compares with published_at.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written YYYY-MM-DD (1900–2999), else null. */
export function parseDay(text: string): { year: number; month: number; day: number } | null {
  const m = DAY.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1) return null;
  return { year, month, day };
}

/** Minutes `timeZone` is ahead of UTC at `instant`. */
function offsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - instant) / 60_000);
}

/** The instant a calendar day starts in `timeZone` (ISO UTC); `nextDay` gives the start of the day after. */
export function startOfDay(day: { year: number; month: number; day: number }, timeZone: string, nextDay = false): string {
  const wall = Date.UTC(day.year, day.month - 1, day.day + (nextDay ? 1 : 0));
  let instant = wall;
  try {
    // Two passes settle days where the offset changes (DST).
    instant = wall - offsetMinutes(wall, timeZone) * 60_000;
    instant = wall - offsetMinutes(instant, timeZone) * 60_000;
  } catch {
    instant = wall; // Unknown time zone: UTC.
  }
  return new Date(instant).toISOString();
}

/** `from`/`to` days → { from, until } instants (until exclusive: the start of the day after `to`). */
export function dayRange(from: string | undefined, to: string | undefined, timeZone: string): { from?: string; until?: string; errors: { from?: string; to?: string } } {
  const errors: { from?: string; to?: string } = {};
  const out: { from?: string; until?: string } = {};
  if (from) {
    const day = parseDay(from);
    if (day) out.from = startOfDay(day, timeZone);
    else errors.from = 'must be a date written YYYY-MM-DD';
  }
  if (to) {
    const day = parseDay(to);
    if (day) out.until = startOfDay(day, timeZone, true);
    else errors.to = 'must be a date written YYYY-MM-DD';
  }
  return { ...out, errors };
}
