import type { TimeView } from './view-models.js';

const formatters = new Map<string, { long: Intl.DateTimeFormat; short: Intl.DateTimeFormat }>();

function formattersFor(locale: string, timeZone: string) {
  const key = `${locale}|${timeZone}`;
  let pair = formatters.get(key);
  if (!pair) {
    const safeLocale = Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0 ? locale : 'en';
    pair = {
      long: new Intl.DateTimeFormat(safeLocale, { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZoneName: 'short' }),
      short: new Intl.DateTimeFormat(safeLocale, { timeZone, day: 'numeric', month: 'short', year: 'numeric' }),
    };
    formatters.set(key, pair);
  }
  return pair;
}

// Formatting a date is the costly part of a story card; the same stories appear on many pages.
// The result depends only on (iso, locale, time zone), so it can never go stale; the map is
// bounded and simply emptied when full.
const MAX_TIME_VIEWS = 20_000;
const timeViews = new Map<string, Readonly<TimeView>>();

/** A stored ISO time as readers see it, in the publication's language and time zone. Treat the result as read-only: it is shared. */
export function toTimeView(iso: string, locale: string, timeZone: string): TimeView {
  const key = `${iso}|${locale}|${timeZone}`;
  const kept = timeViews.get(key);
  if (kept) return kept;
  const date = new Date(iso);
  const { long, short } = formattersFor(locale, timeZone);
  const view = Object.freeze({ iso: date.toISOString(), display: long.format(date), short: short.format(date) });
  if (timeViews.size >= MAX_TIME_VIEWS) timeViews.clear();
  timeViews.set(key, view);
  return view;
}
