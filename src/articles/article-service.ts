import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { slugify } from '../platform/slug.js';
import { countWords, extractPlainText } from '../rich-text/index.js';
import type { ImageAttrs } from '../rich-text/index.js';
import { newArticleSchema } from './article.js';
import type { Article, ArticleStatus, ArticleSummary, NewArticleInput } from './article.js';
import { articleErrors } from './article-errors.js';
import { toArticle, toArticleSummary } from './article-presenters.js';
import type { ArticleCursor, ArticleStore, PublishedFilter } from './article-store.js';
import type { ArticleChangeFeed } from './article-changes.js';

/** What the reader site finds at /articles/{slug}. */
export type ArticleLookup =
  | { kind: 'found'; article: Article }
  | { kind: 'moved'; slug: string }
  | { kind: 'gone' }
  | { kind: 'missing' };

export interface ListPublishedOptions {
  sectionIds?: number[] | undefined;
  tagId?: number | undefined;
  authorId?: number | undefined;
  /** Words that must all appear in the story. */
  text?: string[] | undefined;
  limit: number;
  offset?: number;
  cursor?: ArticleCursor | undefined;
}

/** Use cases on articles: create, read for the reader site and API, change slug, unpublish. */
export function createArticleService(deps: { store: ArticleStore; clock: Clock; changes?: ArticleChangeFeed }) {
  const { store, clock } = deps;
  const relationsFor = { tags: true, sections: true, corrections: true };

  async function loadArticle(id: number): Promise<Article | undefined> {
    const row = await store.findById(id);
    if (!row) return undefined;
    return toArticle(row, await store.loadRelations([row.id], relationsFor));
  }

  function isVisible(article: { status: ArticleStatus; publishedAt: string | null }): boolean {
    return article.status === 'published' && article.publishedAt !== null && article.publishedAt <= nowIso(clock);
  }

  function publishedFilter(options: ListPublishedOptions): PublishedFilter {
    return { sectionIds: options.sectionIds, tagId: options.tagId, authorId: options.authorId, text: options.text, publishedBefore: nowIso(clock) };
  }

  return {
    /**
     * Validates and stores a new article; the slug comes from the headline unless given.
     * `notify: false` skips the change feed (bulk imports re-index once at the end instead).
     */
    async createArticle(input: NewArticleInput, options: { notify?: boolean } = {}): Promise<Article> {
      const parsed = newArticleSchema.safeParse(input);
      if (!parsed.success) {
        throw articleErrors.invalid(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || 'article', i.message])));
      }
      const value = parsed.data;
      const slug = value.slug ?? (await uniqueSlug(slugify(value.headline, 80)));
      if (value.slug && (await store.slugExists(value.slug))) throw articleErrors.slugTaken(value.slug);
      const now = nowIso(clock);
      const bodyText = extractPlainText(value.body);
      const publishedAt = value.publishedAt ? new Date(value.publishedAt).toISOString() : value.status === 'published' ? now : null;
      const id = await store.insert({
        row: {
          slug,
          status: value.status,
          kicker: value.kicker ?? null,
          headline: value.headline,
          dek: value.dek,
          seo_title: value.seoTitle ?? null,
          seo_description: value.seoDescription ?? null,
          social_title: value.socialTitle ?? null,
          social_description: value.socialDescription ?? null,
          body_json: JSON.stringify(value.body),
          body_text: bodyText,
          word_count: countWords(`${value.headline} ${value.dek} ${bodyText}`),
          lead_image_json: value.leadImage ? JSON.stringify(value.leadImage) : null,
          dateline: value.dateline ?? null,
          primary_section_id: value.primarySectionId,
          published_at: publishedAt,
          updated_at: value.updatedAt ? new Date(value.updatedAt).toISOString() : (publishedAt ?? now),
          created_at: now,
        },
        authorIds: [...new Set(value.authorIds)],
        sectionIds: [...new Set(value.secondarySectionIds)].filter((id) => id !== value.primarySectionId),
        tagIds: [...new Set(value.tagIds)],
        corrections: value.corrections.map((c) => ({ body: c.body, correctedAt: new Date(c.correctedAt).toISOString() })),
      });
      if (options.notify !== false) await deps.changes?.emit({ articleId: id, kind: 'created' });
      const article = await loadArticle(id);
      if (!article) throw articleErrors.notFound(id);
      return article;
    },

    getArticle: loadArticle,

    /** Finds a published article by slug, following old slugs; tells gone from never-existed. */
    async lookupPublished(slug: string): Promise<ArticleLookup> {
      const row = await store.findBySlug(slug);
      if (row) {
        if (row.status === 'unpublished') return { kind: 'gone' };
        if (row.deleted_at !== null) return { kind: 'missing' };
        const article = toArticle(row, await store.loadRelations([row.id], relationsFor));
        return isVisible(article) ? { kind: 'found', article } : { kind: 'missing' };
      }
      const redirectId = await store.findRedirect(slug);
      if (redirectId === undefined) return { kind: 'missing' };
      const target = await store.findById(redirectId);
      if (!target) return { kind: 'missing' };
      if (target.status === 'unpublished') return { kind: 'gone' };
      if (target.deleted_at !== null) return { kind: 'missing' };
      return { kind: 'moved', slug: target.slug };
    },

    /** A published article by id, or undefined when it is not (yet, or any more) public. */
    async findPublishedById(id: number): Promise<Article | undefined> {
      const row = await store.findById(id);
      if (!row || row.deleted_at !== null) return undefined;
      const article = toArticle(row, await store.loadRelations([id], relationsFor));
      return isVisible(article) ? article : undefined;
    },

    /**
     * The published stories among `ids`, complete, in the order of `ids`; ids that are not public
     * are left out. Relations (authors, tags, sections, corrections) load once for all of them:
     * a page of search results costs a handful of queries, not a handful per result.
     */
    async findPublishedByIds(ids: readonly number[]): Promise<Article[]> {
      const rows = (await store.findByIds(ids)).filter((row) => row.deleted_at === null);
      if (rows.length === 0) return [];
      const relations = await store.loadRelations(rows.map((r) => r.id), relationsFor);
      const byId = new Map(rows.map((row) => [row.id, toArticle(row, relations)]));
      return ids.map((id) => byId.get(id)).filter((article): article is Article => article !== undefined && isVisible(article));
    },

    /**
     * The published stories among `ids` as summaries (bylines, no body), in the order of `ids`;
     * ids that are not public are left out. One query for the rows and one per relation, however
     * many ids: for blocks of story cards.
     */
    async findPublishedSummariesByIds(ids: readonly number[]): Promise<ArticleSummary[]> {
      const rows = (await store.findSummariesByIds(ids)).filter((row) => row.deleted_at === null);
      if (rows.length === 0) return [];
      const relations = await store.loadRelations(rows.map((r) => r.id), { tags: false, sections: false, corrections: false });
      const byId = new Map(rows.map((row) => [row.id, toArticleSummary(row, relations)]));
      return ids.map((id) => byId.get(id)).filter((story): story is ArticleSummary => story !== undefined && isVisible(story));
    },

    /** Published stories newest first, with their bylines. */
    async listPublished(options: ListPublishedOptions): Promise<ArticleSummary[]> {
      const rows = await store.listPublished(publishedFilter(options), { limit: options.limit, offset: options.offset ?? 0, cursor: options.cursor });
      const relations = await store.loadRelations(rows.map((r) => r.id), { tags: false, sections: false, corrections: false });
      return rows.map((row) => toArticleSummary(row, relations));
    },

    /** Published stories with everything (tags, corrections), for the Content API. */
    async listPublishedFull(options: ListPublishedOptions): Promise<Article[]> {
      const rows = await store.listPublished(publishedFilter(options), { limit: options.limit, offset: options.offset ?? 0, cursor: options.cursor });
      const full = await Promise.all(rows.map((r) => store.findById(r.id)));
      const present = full.filter((r) => r !== undefined);
      const relations = await store.loadRelations(present.map((r) => r.id), relationsFor);
      return present.map((row) => toArticle(row, relations));
    },

    /** Published stories with `from <= publishedAt < until` (ISO), newest first, with their bylines. */
    async listPublishedInRange(range: { from: string; until: string; limit: number }): Promise<ArticleSummary[]> {
      const rows = await store.listPublishedInRange(publishedFilter({ limit: range.limit }), range);
      const relations = await store.loadRelations(rows.map((r) => r.id), { tags: false, sections: false, corrections: false });
      return rows.map((row) => toArticleSummary(row, relations));
    },

    /** Published stories with `from <= publishedAt < until`, newest first: slug, times and lead image only (sitemaps). */
    async listSitemapEntriesInRange(range: { from: string; until: string; limit: number }): Promise<SitemapEntry[]> {
      const rows = await store.listSitemapRowsInRange(publishedFilter({ limit: range.limit }), range);
      return rows.map((row) => ({
        id: row.id,
        slug: row.slug,
        publishedAt: row.published_at,
        updatedAt: row.updated_at,
        leadImage: row.lead_image_json ? (JSON.parse(row.lead_image_json) as ImageAttrs) : null,
      }));
    },

    /** Months (YYYY-MM, UTC) with published stories, newest first, and how many each holds. */
    async listPublishedMonths(): Promise<{ month: string; count: number }[]> {
      return store.listPublishedMonths(publishedFilter({ limit: 0 }));
    },

    async countPublished(options: Omit<ListPublishedOptions, 'limit'>): Promise<number> {
      return store.countPublished(publishedFilter({ ...options, limit: 0 }));
    },

    /** Gives an article a new slug; its old URL answers with a 301 from then on. */
    async changeSlug(id: number, newSlug: string): Promise<Article> {
      const row = await store.findById(id);
      if (!row) throw articleErrors.notFound(id);
      if (row.slug === newSlug) return toArticle(row, await store.loadRelations([id], relationsFor));
      if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(newSlug)) throw articleErrors.invalid({ slug: 'must be lowercase letters and digits joined by hyphens' });
      const owner = await store.findBySlug(newSlug);
      const redirectOwner = await store.findRedirect(newSlug);
      if (owner || (redirectOwner !== undefined && redirectOwner !== id)) throw articleErrors.slugTaken(newSlug);
      await store.changeSlug({ id, oldSlug: row.slug, newSlug, now: nowIso(clock) });
      const article = await loadArticle(id);
      if (!article) throw articleErrors.notFound(id);
      return article;
    },

    /** Takes a story off the site; its URL answers 410 Gone. */
    async unpublish(id: number): Promise<void> {
      const row = await store.findById(id);
      if (!row) throw articleErrors.notFound(id);
      await store.setStatus({ id, status: 'unpublished', now: nowIso(clock) });
    },

    countAll: () => store.countAll(),
  };

  async function uniqueSlug(base: string): Promise<string> {
    let candidate = base;
    for (let n = 2; await store.slugExists(candidate); n++) candidate = `${base}-${n}`;
    return candidate;
  }
}

export type ArticleService = ReturnType<typeof createArticleService>;

/** What a sitemap lists of a story. */
export interface SitemapEntry {
  id: number;
  slug: string;
  publishedAt: string | null;
  updatedAt: string;
  leadImage: ImageAttrs | null;
}
