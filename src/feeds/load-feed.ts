import type { AppServices } from '../app-services.js';
import { articlePath } from '../articles/index.js';
import type { Article } from '../articles/index.js';
import { authorPath } from '../authors/index.js';
import { renderDocumentHtml } from '../rich-text/index.js';
import { sectionWithDescendants } from '../sections/index.js';
import type { SectionTree } from '../sections/index.js';
import { tagPath } from '../topics/index.js';
import type { FeedCategory, FeedDocument, FeedItem } from './feed-model.js';
import { absoluteUrl, absolutizeHtml, feedImageOf } from './public-urls.js';

/** Stories per feed: enough for readers polling a few times a day to miss nothing. */
export const FEED_ITEM_LIMIT = 50;

/** Which stories a feed carries. */
export type FeedScope =
  | { kind: 'site' }
  | { kind: 'section'; path: string }
  | { kind: 'author'; slug: string }
  | { kind: 'tag'; slug: string };

export interface LoadFeedOptions {
  publicUrl: string;
  /** FEED_FULL_CONTENT: the whole body in each item, or the standfirst only. */
  isFullContent: boolean;
}

/** Before any item exists a feed still needs an updated date; the epoch keeps it stable for ETags. */
const EMPTY_FEED_UPDATED_AT = '1970-01-01T00:00:00.000Z';

/** A feed and the entity keys it shows, so the page cache can drop it exactly when one changes. */
export interface LoadedFeed {
  feed: FeedDocument;
  cacheKeys: string[];
}

/** The feed for `scope`, or undefined when its section, author or tag does not exist. */
export async function loadFeed(services: AppServices, scope: FeedScope, options: LoadFeedOptions): Promise<LoadedFeed | undefined> {
  const [publication, tree] = await Promise.all([services.settings.getPublication(), services.sections.getTree()]);
  const target = await resolveScope(services, tree, scope);
  if (!target) return undefined;
  const articles = await services.articles.listPublishedFull({ ...target.filter, limit: FEED_ITEM_LIMIT });
  const items = articles.map((article) => presentItem(article, tree, options));
  const feedBase = absoluteUrl(options.publicUrl, target.feedDir);
  // 'site': publication name, logo and sections (categories) are on every feed. Each item shows
  // its story, authors and tags; the list key changes whenever a story enters or leaves the scope.
  const itemKeys = articles.flatMap((a) => [`article:${a.id}`, ...a.authors.map((au) => `author:${au.id}`), ...a.tags.map((t) => `tag:${t.id}`)]);
  const cacheKeys = [...new Set(['site', ...target.cacheKeys, ...itemKeys])];
  const feed: FeedDocument = {
    title: target.title ? `${target.title} | ${publication.name}` : publication.name,
    description: target.description || publication.description,
    language: publication.language,
    homeUrl: absoluteUrl(options.publicUrl, target.homePath),
    feedUrls: { rss: `${feedBase}feed.xml`, atom: `${feedBase}atom.xml`, json: `${feedBase}feed.json` },
    updatedAt: items.reduce((latest, item) => (item.updatedAt > latest ? item.updatedAt : latest), EMPTY_FEED_UPDATED_AT),
    iconUrl: publication.logoUrl ? absoluteUrl(options.publicUrl, publication.logoUrl) : null,
    publisher: publication.name,
    items,
  };
  return { feed, cacheKeys };
}

interface ResolvedScope {
  filter: { sectionIds?: number[]; authorId?: number; tagId?: number };
  title: string;
  description: string;
  /** The HTML page the feed mirrors. */
  homePath: string;
  /** Folder the feed files live in, with a trailing slash. */
  feedDir: string;
  /** Page-cache keys of the scope: its list (any story entering or leaving it) and its own entity. */
  cacheKeys: string[];
}

async function resolveScope(services: AppServices, tree: SectionTree, scope: FeedScope): Promise<ResolvedScope | undefined> {
  switch (scope.kind) {
    case 'site':
      return { filter: {}, title: '', description: '', homePath: '/', feedDir: '/', cacheKeys: ['list:home'] };
    case 'section': {
      const section = tree.byPath.get(scope.path);
      if (!section) return undefined;
      const path = `/${section.path}/`;
      return { filter: { sectionIds: sectionWithDescendants(section).map((s) => s.id) }, title: section.name, description: section.description, homePath: path, feedDir: path, cacheKeys: [`list:section:${section.id}`, `section:${section.id}`] };
    }
    case 'author': {
      const author = await services.authors.findAuthor(scope.slug);
      if (!author) return undefined;
      const path = authorPath(author.slug);
      return { filter: { authorId: author.id }, title: author.name, description: author.bio, homePath: path, feedDir: `${path}/`, cacheKeys: [`list:author:${author.id}`, `author:${author.id}`] };
    }
    case 'tag': {
      const tag = await services.tags.findTag(scope.slug);
      if (!tag) return undefined;
      const path = tagPath(tag.slug);
      return { filter: { tagId: tag.id }, title: tag.name, description: `Stories about ${tag.name}.`, homePath: path, feedDir: `${path}/`, cacheKeys: [`list:tag:${tag.id}`, `tag:${tag.id}`] };
    }
  }
}

function presentItem(article: Article, tree: SectionTree, options: LoadFeedOptions): FeedItem {
  const { publicUrl } = options;
  const publishedAt = article.publishedAt ?? article.updatedAt;
  return {
    url: absoluteUrl(publicUrl, articlePath(article.slug)),
    title: article.headline,
    summary: article.dek,
    contentHtml: options.isFullContent ? absolutizeHtml(publicUrl, renderDocumentHtml(article.body)) : null,
    publishedAt,
    // A story edited before it went live must not look older than its publication.
    updatedAt: article.updatedAt > publishedAt ? article.updatedAt : publishedAt,
    authors: article.authors.map((a) => ({ name: a.name, url: absoluteUrl(publicUrl, authorPath(a.slug)) })),
    categories: categoriesOf(article, tree, publicUrl),
    image: feedImageOf(publicUrl, article.leadImage),
  };
}

function categoriesOf(article: Article, tree: SectionTree, publicUrl: string): FeedCategory[] {
  const sectionIds = [article.primarySectionId, ...article.secondarySectionIds.filter((id) => id !== article.primarySectionId)];
  const sections = sectionIds.flatMap((id) => {
    const section = tree.byId.get(id);
    return section ? [{ term: section.path, label: section.name, scheme: absoluteUrl(publicUrl, '/') }] : [];
  });
  const tags = article.tags.map((t) => ({ term: t.slug, label: t.name, scheme: absoluteUrl(publicUrl, tagPath('')) }));
  return [...sections, ...tags];
}
