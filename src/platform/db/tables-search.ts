/** The full-text search index: the tables of this area, merged into `Database` in tables.ts. */
export interface SearchTables {
  search_documents: SearchDocumentsTable;
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
