import { xmlElement } from './xml-text.js';

/** The sitemaps.org limit on URLs in one sitemap file. */
export const SITEMAP_URL_LIMIT = 50_000;

export interface SitemapUrl {
  loc: string;
  /** ISO date-time of the last change, when known. */
  lastmod?: string | undefined;
  /** Absolute image URLs shown on the page (Google image sitemap extension). */
  images?: { loc: string; caption: string }[];
}

export interface NewsSitemapUrl {
  loc: string;
  title: string;
  publishedAt: string;
}

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const IMAGE_NS = 'http://www.google.com/schemas/sitemap-image/1.1';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

/** A sitemap index: one <sitemap> per child file. */
export function renderSitemapIndex(sitemaps: { loc: string; lastmod?: string | undefined }[]): string {
  const entries = sitemaps.map((s) => `<sitemap>${xmlElement('loc', s.loc)}${s.lastmod ? xmlElement('lastmod', w3cDateTime(s.lastmod)) : ''}</sitemap>`);
  return document(`<sitemapindex xmlns="${SITEMAP_NS}">`, entries, '</sitemapindex>');
}

/** A urlset; the image namespace is declared only when an entry has images. */
export function renderUrlSet(urls: SitemapUrl[]): string {
  const hasImages = urls.some((u) => (u.images ?? []).length > 0);
  const entries = urls.map((u) => {
    const images = (u.images ?? []).map((i) => `<image:image>${xmlElement('image:loc', i.loc)}${i.caption ? xmlElement('image:caption', i.caption) : ''}</image:image>`);
    return `<url>${xmlElement('loc', u.loc)}${u.lastmod ? xmlElement('lastmod', w3cDateTime(u.lastmod)) : ''}${images.join('')}</url>`;
  });
  return document(`<urlset xmlns="${SITEMAP_NS}"${hasImages ? ` xmlns:image="${IMAGE_NS}"` : ''}>`, entries, '</urlset>');
}

/** A Google News sitemap: stories of the last two days with publication name and language. */
export function renderNewsSitemap(publication: { name: string; language: string }, urls: NewsSitemapUrl[]): string {
  const source = `<news:publication>${xmlElement('news:name', publication.name)}${xmlElement('news:language', newsLanguage(publication.language))}</news:publication>`;
  const entries = urls.map(
    (u) => `<url>${xmlElement('loc', u.loc)}<news:news>${source}${xmlElement('news:publication_date', w3cDateTime(u.publishedAt))}${xmlElement('news:title', u.title)}</news:news></url>`,
  );
  return document(`<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">`, entries, '</urlset>');
}

/**
 * Google News wants an ISO 639 code, except zh-cn and zh-tw for the two Chinese scripts;
 * our setting is a BCP 47 tag such as en-GB.
 */
export function newsLanguage(tag: string): string {
  const lower = tag.toLowerCase();
  if (/^zh-(cn|hans|sg)\b/.test(lower)) return 'zh-cn';
  if (/^zh-(tw|hant|hk|mo)\b/.test(lower)) return 'zh-tw';
  return lower.split('-')[0] ?? lower;
}

/** ISO with milliseconds → W3C Datetime with seconds (`2026-01-01T10:00:00Z`). */
function w3cDateTime(iso: string): string {
  // Stored times are already ISO UTC; only other shapes go through Date.
  const stored = STORED_UTC.exec(iso);
  return stored ? `${stored[1]}Z` : new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const STORED_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d{1,3})?Z$/;

function document(open: string, entries: string[], close: string): string {
  // One join of the entries; spreading tens of thousands of them into a new array costs more than the XML.
  return `<?xml version="1.0" encoding="UTF-8"?>\n${open}\n${entries.length > 0 ? `${entries.join('\n')}\n` : ''}${close}\n`;
}
