import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// Frozen once merged: never import app code here, never edit after release.

/**
 * Stored best matches of common words, both dialects (see src/search/search-term-lists.ts).
 *
 * - `search_terms`: one row per word (the engine's own term: an FTS5 token or a PostgreSQL
 *   lexeme) with a list; `complete_below` is the bound (scores lower-is-better) below which every
 *   matching story is in the list; `reference_length` is FTS5's average story length when the
 *   list was built (its scores are computed at that length; 0 on PostgreSQL, whose ranking does
 *   not depend on the rest of the archive).
 * - `search_term_hits`: the list entries. SQLite also keeps what bm25 needs to score the story
 *   again at today's average length (its weighted count of the word and its length in tokens).
 *
 * Filled by `broadsheet reindex`; until then searches rank as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('search_terms')
    .ifNotExists()
    .addColumn('term', 'text', (c) => c.primaryKey())
    .addColumn('complete_below', 'double precision', (c) => c.notNull())
    .addColumn('reference_length', 'double precision', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('search_term_hits')
    .ifNotExists()
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('weighted_count', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('length', 'double precision', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('search_term_hits_pk', ['term', 'article_id'])
    .execute();
  await sql`create index if not exists search_term_hits_article_idx on search_term_hits (article_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_term_hits').ifExists().execute();
  await db.schema.dropTable('search_terms').ifExists().execute();
}
