import type { SearchTerms } from './search-query.js';

/** Which searchable stories a search may return; the stores always add "published and visible". */
export interface SearchFilter {
  /** Stories whose primary or a secondary section is one of these. */
  sectionIds?: number[] | undefined;
  authorId?: number | undefined;
  /** Published at or after this ISO time. */
  from?: string | undefined;
  /** Published strictly before this ISO time. */
  until?: string | undefined;
  /** Now: stories published later are not visible yet. */
  publishedBefore: string;
}

/** One ranked match. Texts carry MARK_START/MARK_END around matched words (see search-highlight.ts). */
export interface SearchIndexHit {
  articleId: number;
  /** Higher is better; comparable only within one search. */
  score: number;
  headlineMarked: string;
  dekMarked: string;
  /** A short passage of the body around the matches ('' when the body is empty). */
  snippetMarked: string;
}

export interface SearchIndexPage {
  /** Matches counted, at most `countCap` of the search call. */
  total: number;
  /** True when there were more matches than `countCap`: `total` is then "at least". */
  totalIsLowerBound: boolean;
  hits: SearchIndexHit[];
}

/**
 * The search port. Two adapters implement it — SQLite FTS5 (search-sqlite-store.ts) and
 * PostgreSQL full-text (search-postgres-store.ts) — and both pass one contract suite.
 * The index holds published stories that are not in the trash; visibility (status, trash,
 * publication time) is checked again against `articles` at query time, so a story that has
 * just been unpublished or is scheduled for later is never found.
 */
export interface SearchIndex {
  readonly dialect: 'sqlite' | 'postgres';
  /** Re-reads one story: indexes it when it is searchable, removes it otherwise. */
  refresh(articleId: number): Promise<void>;
  /** Removes one story (e.g. purged). */
  remove(articleId: number): Promise<void>;
  /** Rebuilds the whole index from `articles`; returns how many stories it holds. */
  rebuild(): Promise<number>;
  /** Ranked matches for non-empty `terms` (callers never pass an empty query). */
  search(terms: SearchTerms, filter: SearchFilter, page: { limit: number; offset: number; countCap: number }): Promise<SearchIndexPage>;
}
