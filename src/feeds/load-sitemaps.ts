import type { AppServices } from '../app-services.js';
import { articlePath } from '../articles/index.js';
import type { SitemapEntry } from '../articles/index.js';
import { authorPath } from '../authors/index.js';
import type { Section } from '../sections/index.js';
import { staticPagePath } from '../pages/index.js';
import { tagPath } from '../topics/index.js';
import { ROLLING_WINDOW_KEY } from '../page-cache/index.js';
import { absoluteUrl, feedImageOf } from './public-urls.js';
import { SITEMAP_URL_LIMIT, renderNewsSitemap, renderSitemapIndex, renderUrlSet } from './sitemap-xml.js';

/** A rendered sitemap and, when known, when its content last changed. */
export interface SitemapFile {
  body: string;
  lastModified?: string | undefined;
  /** Entity keys it shows: the page cache keeps it until one of them changes. */
  cacheKeys: string[];
}

/** Changes with every story that goes public, changes or stops being public (see publicPageKeys). */
const ALL_STORIES_KEY = 'list:all';


/** Google News reads stories of the last two days only, at most 1,000 of them. */
export const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;
export const NEWS_URL_LIMIT = 1000;

/** The child sitemaps besides the monthly article files, by name under /sitemaps/. */
export const LISTING_SITEMAPS = ['sections', 'authors', 'tags', 'pages'] as const;
export type ListingSitemap = (typeof LISTING_SITEMAPS)[number];

/** /sitemap.xml: one file per month with stories, then the listings and the news sitemap. */
export async function loadSitemapIndex(services: AppServices, publicUrl: string): Promise<SitemapFile> {
  const months = await services.articles.listPublishedMonths();
  const names = [...months.map((m) => `articles-${m.month}`), ...LISTING_SITEMAPS, 'news'];
  return { body: renderSitemapIndex(names.map((name) => ({ loc: absoluteUrl(publicUrl, `/sitemaps/${name}.xml`) }))), cacheKeys: ['site', ALL_STORIES_KEY] };
}

/** /sitemaps/articles-YYYY-MM.xml, or undefined when that month has no stories. */
export async function loadArticleMonthSitemap(services: AppServices, publicUrl: string, month: { year: number; month: number }): Promise<SitemapFile | undefined> {
  const from = new Date(Date.UTC(month.year, month.month - 1, 1)).toISOString();
  const until = new Date(Date.UTC(month.year, month.month, 1)).toISOString();
  const stories = await services.articles.listSitemapEntriesInRange({ from, until, limit: SITEMAP_URL_LIMIT });
  if (stories.length === 0) return undefined;
  const urls = stories.map((story) => {
    const image = feedImageOf(publicUrl, story.leadImage);
    return { loc: absoluteUrl(publicUrl, articlePath(story.slug)), lastmod: lastChangeOf(story), images: image ? [{ loc: image.url, caption: image.alt }] : [] };
  });
  return { body: renderUrlSet(urls), lastModified: stories.map(lastChangeOf).reduce((a, b) => (b > a ? b : a)), cacheKeys: ['site', ALL_STORIES_KEY] };
}

/** /sitemaps/{sections,authors,tags,pages}.xml. */
export async function loadListingSitemap(services: AppServices, publicUrl: string, name: ListingSitemap): Promise<SitemapFile> {
  const url = (path: string) => absoluteUrl(publicUrl, path);
  switch (name) {
    case 'sections': {
      // Tree order (each section before its subsections, siblings by position): the same on every dialect.
      const tree = await services.sections.getTree();
      const walk = (sections: Section[]): Section[] => sections.flatMap((s) => [s, ...walk(s.children)]);
      // Section changes that move URLs (create, rename, move, delete) drop every page ('site').
      return { body: renderUrlSet(walk(tree.roots).map((s) => ({ loc: url(`/${s.path}/`) }))), cacheKeys: ['site'] };
    }
    case 'authors':
      return { body: renderUrlSet((await services.authors.listAuthors()).map((a) => ({ loc: url(authorPath(a.slug)) }))), cacheKeys: ['site', 'list:authors'] };
    case 'tags':
      return { body: renderUrlSet((await services.tags.listTags()).map((t) => ({ loc: url(tagPath(t.slug)) }))), cacheKeys: ['site', 'list:tags'] };
    case 'pages': {
      const pages = await services.pages.listPublished();
      return {
        body: renderUrlSet([{ loc: url('/') }, ...pages.map((p) => ({ loc: url(staticPagePath(p.slug)), lastmod: p.updatedAt }))]),
        // A body edit changes lastmod and emits page:<id>; publishing or moving a page drops everything.
        cacheKeys: ['site', ...pages.map((p) => `page:${p.id}`)],
      };
    }
  }
}

/** /sitemaps/news.xml: stories published in the 48 hours before `now`. */
export async function loadNewsSitemap(services: AppServices, publicUrl: string, now: Date): Promise<SitemapFile> {
  const publication = await services.settings.getPublication();
  const from = new Date(now.getTime() - NEWS_WINDOW_MS).toISOString();
  // One millisecond past now, so a story published this very instant is included.
  const until = new Date(now.getTime() + 1).toISOString();
  const stories = await services.articles.listPublishedInRange({ from, until, limit: NEWS_URL_LIMIT });
  const urls = stories.map((s) => ({ loc: absoluteUrl(publicUrl, articlePath(s.slug)), title: s.headline, publishedAt: s.publishedAt ?? s.updatedAt }));
  return { body: renderNewsSitemap(publication, urls), lastModified: stories[0]?.publishedAt ?? undefined, cacheKeys: ['site', ALL_STORIES_KEY, ROLLING_WINDOW_KEY] };
}

function lastChangeOf(story: SitemapEntry): string {
  const published = story.publishedAt ?? story.updatedAt;
  return story.updatedAt > published ? story.updatedAt : published;
}
