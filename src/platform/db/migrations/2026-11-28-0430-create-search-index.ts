import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// Frozen once merged: never import app code here, never edit after release.

/**
 * Full-text search index. Both dialects keep one row per searchable story in `search_documents`
 * (headline, dek, body text, tag names). SQLite indexes it with an FTS5 external-content table
 * `search_fts` (porter stemming, diacritics folded). The store keeps the FTS table in step explicitly, so
 * the SQLite rows have no cascading foreign key (a cascade would leave stale index entries);
 * PostgreSQL with a generated, weighted tsvector column (headline A, dek and tags B, body D)
 * and a GIN index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  if (isPostgres) {
    await sql`
      create table if not exists search_documents (
        article_id integer primary key references articles(id) on delete cascade,
        headline text not null,
        dek text not null,
        body text not null,
        tags text not null,
        document tsvector generated always as (
          setweight(to_tsvector('english'::regconfig, headline), 'A') ||
          setweight(to_tsvector('english'::regconfig, dek), 'B') ||
          setweight(to_tsvector('english'::regconfig, tags), 'B') ||
          setweight(to_tsvector('english'::regconfig, body), 'D')
        ) stored
      )`.execute(db);
    await sql`create index if not exists search_documents_document_idx on search_documents using gin (document)`.execute(db);
    return;
  }
  await sql`
    create table if not exists search_documents (
      article_id integer primary key,
      headline text not null,
      dek text not null,
      body text not null,
      tags text not null
    )`.execute(db);
  await sql`
    create virtual table if not exists search_fts using fts5(
      headline, dek, body, tags,
      content = 'search_documents', content_rowid = 'article_id',
      tokenize = 'porter unicode61 remove_diacritics 2'
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  if (!isPostgres) await sql`drop table if exists search_fts`.execute(db);
  await db.schema.dropTable('search_documents').ifExists().execute();
}
