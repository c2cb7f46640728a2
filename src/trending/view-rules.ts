/**
 * Which beacons are real reader views. Pure functions over request headers, no HTTP library:
 * the routes pass header values in, the service decides.
 */

/** User agents of crawlers, link previewers, monitors and scripted clients (case-insensitive). */
const CRAWLER_PATTERN = new RegExp(
  [
    'bot\\b', 'bot/', 'crawl', 'spider', 'slurp', 'archiver', 'mediapartners', 'adsbot', 'feedfetcher', 'google-inspectiontool', 'googleother',
    'facebookexternalhit', 'facebookcatalog', 'meta-externalagent', 'embedly', 'quora link preview', 'bingpreview', 'skypeuripreview', 'whatsapp',
    'telegrambot', 'discordbot', 'slackbot', 'slack-imgproxy', 'twitterbot', 'linkedinbot', 'pinterest', 'redditbot', 'applebot', 'yandex',
    'baiduspider', 'duckduckbot', 'duckassistbot', 'semrush', 'ahrefs', 'mj12bot', 'dotbot', 'petalbot', 'bytespider', 'gptbot', 'chatgpt-user',
    'oai-searchbot', 'ccbot', 'claudebot', 'claude-web', 'anthropic-ai', 'perplexity', 'amazonbot', 'headlesschrome', 'phantomjs', 'lighthouse',
    'pagespeed', 'pingdom', 'uptimerobot', 'statuscake', 'site24x7', 'newrelicpinger', 'datadog', 'monitor', 'preview', 'scrapy', 'curl/',
    'wget/', 'python-requests', 'python-urllib', 'aiohttp', 'httpx', 'go-http-client', 'java/', 'okhttp', 'apache-httpclient', 'node-fetch',
    'undici', 'axios/', 'libwww-perl', 'ruby', 'php/', 'postmanruntime', 'insomnia', 'httpie', 'feed', 'rss', 'validator', 'w3c_',
  ].join('|'),
  'i',
);

/** A user agent that is missing, implausibly short or long, or names a known automated client. */
export function isCrawler(userAgent: string | undefined): boolean {
  if (!userAgent || userAgent.length < 10 || userAgent.length > 1000) return true;
  return CRAWLER_PATTERN.test(userAgent);
}

/** The request headers the rules look at (lower-case names, as Node gives them). */
export interface BeaconHeaders {
  'user-agent'?: string | undefined;
  cookie?: string | undefined;
  'sec-purpose'?: string | undefined;
  purpose?: string | undefined;
  'x-purpose'?: string | undefined;
  'x-moz'?: string | undefined;
  'sec-fetch-site'?: string | undefined;
  'sec-fetch-dest'?: string | undefined;
}

/**
 * A speculative load rather than a reader looking: prefetch and prerender hints of Chromium
 * (`Sec-Purpose`, `Purpose`), Firefox (`X-Moz`), Safari (`X-Purpose: preview`).
 */
export function isPrefetch(headers: BeaconHeaders): boolean {
  const purpose = `${headers['sec-purpose'] ?? ''} ${headers.purpose ?? ''} ${headers['x-purpose'] ?? ''} ${headers['x-moz'] ?? ''}`.toLowerCase();
  return /prefetch|prerender|preview|preload/.test(purpose);
}

/** Signed-in staff carry the `bs_session` cookie: their reading is work, not readership. */
export function isStaff(headers: BeaconHeaders): boolean {
  return /(?:^|;\s*)bs_session=/.test(headers.cookie ?? '');
}

/**
 * Browsers say where a request comes from: a beacon fired by another site's page (Sec-Fetch-Site
 * cross-site / same-site) or the pixel opened as a document is not a view of our page.
 */
export function isForeignRequest(headers: BeaconHeaders, expectedDest: 'empty' | 'image'): boolean {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return true;
  const dest = headers['sec-fetch-dest'];
  return dest !== undefined && dest !== expectedDest;
}

/** Why a beacon was not counted (or `counted`). */
export type BeaconOutcome = 'counted' | 'repeat' | 'crawler' | 'prefetch' | 'staff' | 'foreign' | 'unknown-article' | 'throttled';

/** The first rule a beacon breaks, or undefined when it may count (before the article and dedupe checks). */
export function excludedBy(headers: BeaconHeaders, expectedDest: 'empty' | 'image'): BeaconOutcome | undefined {
  if (isStaff(headers)) return 'staff';
  if (isPrefetch(headers)) return 'prefetch';
  if (isCrawler(headers['user-agent'])) return 'crawler';
  if (isForeignRequest(headers, expectedDest)) return 'foreign';
  return undefined;
}
