import type { SearchIndex } from './search-index.js';
import { createPostgresSearchIndex } from './search-postgres-store.js';
import { createSqliteSearchIndex } from './search-sqlite-store.js';

type Db = Parameters<typeof createSqliteSearchIndex>[0];

/** The search adapter for the database's dialect: FTS5 on SQLite, tsvector on PostgreSQL. */
export function createSearchIndex(db: Db): SearchIndex {
  return db.getExecutor().adapter.constructor.name === 'PostgresAdapter' ? createPostgresSearchIndex(db) : createSqliteSearchIndex(db);
}
