/** The full-text search index: the tables of this area, merged into `Database` in tables.ts. */
export interface SearchTables {
  search_documents: SearchDocumentsTable;
  search_terms: SearchTermsTable;
  search_term_hits: SearchTermHitsTable;
}

/**
 * One row per searchable story (published, not in the trash), written only by src/search.
 * Text is stored without the two control characters that mark matches in snippets (U+0002, U+0003).
 * SQLite: indexed by the FTS5 table `search_fts` (external content, rowid = article_id).
 * PostgreSQL: the extra generated column `document` (weighted tsvector, GIN-indexed) is not
 * listed here because it is never written and only read in raw SQL.
 */
export interface SearchDocumentsTable {
  article_id: number;
  headline: string;
  dek: string;
  body: string;
  /** Tag names joined by spaces. */
  tags: string;
}

/** A common word with a stored list of its best matches (src/search/search-term-lists.ts). */
export interface SearchTermsTable {
  /** The engine's term: an FTS5 token (stemmed) or a PostgreSQL lexeme. */
  term: string;
  /** Every story scoring strictly below this (lower is better) is in the list. */
  complete_below: number;
  /** SQLite: FTS5's average story length (tokens) the list's scores were computed at; 0 on PostgreSQL. */
  reference_length: number;
}

/** One entry of a word's list. */
export interface SearchTermHitsTable {
  term: string;
  article_id: number;
  /** Lower is better: -bm25 without idf at reference_length (SQLite), RUM distance (PostgreSQL). */
  score: number;
  /** SQLite: column weight × occurrences, summed; 0 on PostgreSQL. */
  weighted_count: number;
  /** SQLite: the story's tokens in all columns; 0 on PostgreSQL. */
  length: number;
}
