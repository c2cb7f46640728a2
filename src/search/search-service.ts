import type { Article, ArticleChange } from '../articles/index.js';
import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { memoryAttemptLimiters } from '../platform/http/attempt-limiter.js';
import type { AttemptLimiterFactory } from '../platform/http/attempt-limiter.js';
import { escapeHtml, hasMark, markedToHtml } from './search-highlight.js';
import type { SearchIndex } from './search-index.js';
import { parseSearchQuery } from './search-query.js';
import type { SearchTerms } from './search-query.js';

/** Deepest result a search pages to (offset + limit); further pages are empty. */
export const MAX_SEARCH_DEPTH = 1000;
/** Most results one page may hold. */
export const MAX_SEARCH_LIMIT = 100;

export interface SearchRequest {
  /** What the reader typed; cleaned and cut here, never refused. */
  query: string;
  sectionIds?: number[] | undefined;
  authorId?: number | undefined;
  /** Published at or after (ISO). */
  from?: string | undefined;
  /** Published before (ISO, exclusive). */
  until?: string | undefined;
  limit: number;
  offset: number;
}

export interface SearchResult {
  article: Article;
  score: number;
  /** The headline, escaped, matched words in <mark>. */
  headlineHtml: string;
  /** A passage around the matches (body, else the dek), escaped, matched words in <mark>. */
  snippetHtml: string;
}

export interface SearchResponse {
  /** The query as searched (cleaned, at most MAX_QUERY_LENGTH characters). */
  query: string;
  terms: SearchTerms;
  /** All matches (for "N results"), not only this page; at most MAX_SEARCH_DEPTH. */
  total: number;
  /** More stories matched than MAX_SEARCH_DEPTH: show "more than {total}". */
  totalIsLowerBound: boolean;
  results: SearchResult[];
}

export interface SearchServiceDeps {
  index: SearchIndex;
  clock: Clock;
  /** Loads the visible stories among `ids`, in that order (services.articles.findPublishedByIds). */
  findPublishedByIds(ids: readonly number[]): Promise<Article[]>;
  /** Where per-address search counts live (Redis with several processes); in memory by default. */
  attemptLimiters?: AttemptLimiterFactory;
  /** Searches one address may run per minute (SEARCH_PER_MINUTE); default 60. */
  perAddressPerMinute?: number;
}

/** Search use cases: ranked, filtered, paged queries; keeping the index in step with stories. */
export function createSearchService(deps: SearchServiceDeps) {
  const { index, clock } = deps;
  const perAddress = (deps.attemptLimiters ?? memoryAttemptLimiters)({ name: 'search-per-address', maxFailures: deps.perAddressPerMinute ?? 60, windowMs: 60_000 });
  return {
    dialect: index.dialect,

    /**
     * Whether `address` may search now: 0, counting this search, or the seconds to wait. A common
     * word in a large archive costs the database tens of milliseconds, so one client looping over
     * distinct queries (each a page-cache miss) must not take it from everyone else.
     */
    async admit(address: string): Promise<number> {
      const nowMs = clock.now().getTime();
      const wait = await perAddress.retryAfter(address, nowMs);
      if (wait > 0) return wait;
      await perAddress.recordFailure(address, nowMs);
      return 0;
    },

    async search(request: SearchRequest): Promise<SearchResponse> {
      const parsed = parseSearchQuery(request.query);
      const terms = { terms: parsed.terms, phrases: parsed.phrases };
      const limit = Math.max(1, Math.min(MAX_SEARCH_LIMIT, Math.trunc(request.limit)));
      const offset = Math.max(0, Math.trunc(request.offset));
      if (parsed.isEmpty) return { query: parsed.text, terms, total: 0, totalIsLowerBound: false, results: [] };
      const filter = { sectionIds: request.sectionIds, authorId: request.authorId, from: request.from, until: request.until, publishedBefore: nowIso(clock) };
      const depthLeft = MAX_SEARCH_DEPTH - offset;
      // Counting every match of a common word costs more than ranking a page of them; no reader
      // pages past MAX_SEARCH_DEPTH, so the count stops there ("more than 1,000 results").
      const page = await index.search(terms, filter, { limit: Math.max(0, Math.min(limit, depthLeft)), offset: Math.min(offset, MAX_SEARCH_DEPTH), countCap: MAX_SEARCH_DEPTH });
      const hits = depthLeft > 0 ? page.hits : [];
      const articles = new Map((await deps.findPublishedByIds(hits.map((hit) => hit.articleId))).map((a) => [a.id, a]));
      const results: SearchResult[] = [];
      hits.forEach((hit) => {
        const article = articles.get(hit.articleId);
        if (!article) return;
        const snippetMarked = hasMark(hit.snippetMarked) || !hasMark(hit.dekMarked) ? hit.snippetMarked : hit.dekMarked;
        results.push({
          article,
          score: hit.score,
          headlineHtml: hit.headlineMarked ? markedToHtml(hit.headlineMarked) : escapeHtml(article.headline),
          snippetHtml: snippetMarked ? markedToHtml(snippetMarked) : escapeHtml(article.dek),
        });
      });
      return { query: parsed.text, terms, total: page.total, totalIsLowerBound: page.totalIsLowerBound, results };
    },

    /** Change-feed listener: re-reads a created or updated story, drops a purged one. */
    async onArticleChanged(change: ArticleChange): Promise<void> {
      if (change.kind === 'purged') await index.remove(change.articleId);
      else await index.refresh(change.articleId);
    },

    /** Rebuilds the whole index from the stories table (after bulk imports with notify:false). Returns the number of searchable stories. */
    async reindexAll(): Promise<{ indexed: number }> {
      return { indexed: await index.rebuild() };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
