/** @module search — full-text search of published stories: one SearchIndex port, SQLite FTS5 and PostgreSQL adapters, kept in step by the article change feed. */
export { createSearchIndex } from './search-index-factory.js';
export { createSqliteSearchIndex } from './search-sqlite-store.js';
export { createPostgresSearchIndex } from './search-postgres-store.js';
export type { SearchFilter, SearchIndex, SearchIndexHit, SearchIndexPage } from './search-index.js';
export { createSearchService, MAX_SEARCH_DEPTH, MAX_SEARCH_LIMIT } from './search-service.js';
export type { SearchRequest, SearchResponse, SearchResult, SearchService } from './search-service.js';
export { MAX_QUERY_LENGTH, MAX_QUERY_WORDS, normalizeQuery, parseSearchQuery } from './search-query.js';
export type { SearchTerms } from './search-query.js';
export { escapeHtml, markedToHtml } from './search-highlight.js';
export { dayRange, parseDay, startOfDay } from './search-dates.js';
