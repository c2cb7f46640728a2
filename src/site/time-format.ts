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

/** A stored ISO time as readers see it, in the publication's language and time zone. */
export function toTimeView(iso: string, locale: string, timeZone: string): TimeView {
  const date = new Date(iso);
  const { long, short } = formattersFor(locale, timeZone);
  return { iso: date.toISOString(), display: long.format(date), short: short.format(date) };
}
