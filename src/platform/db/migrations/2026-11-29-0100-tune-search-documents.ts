import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// Frozen once merged: never import app code here, never edit after release.

/**
 * PostgreSQL only. Two changes to search_documents for common-word searches on a large archive:
 *
 * 1. Narrow heap rows: body text and tsvector are always stored out of line (EXTERNAL, and a
 *    toast_tuple_target of 128 bytes), so counting the matches of a word visits a few heap pages
 *    instead of one page per story (measured at 100,000 stories: 43 → 12 ms for a word in 7,700
 *    stories). Existing rows move when the index is rebuilt (`broadsheet reindex`).
 * 2. A RUM index, where the server has the RUM extension (Debian: postgresql-<major>-rum). It
 *    keeps word positions inside the index, so "the ten best matches" of a common word come out
 *    of the index in rank order instead of scoring every matching row's tsvector; without it
 *    search still works, ranking with ts_rank_cd.
 *
 * The extension is created in schema `public` (never the app's own schema: several apps or test
 * schemas in one database share it, and dropping one schema must not drop it for the others).
 * Creating it needs a privileged role; when that fails the migration carries on without RUM and
 * an operator can run `create extension rum schema public` and migrate again — later migrations
 * do not depend on it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  if (!isPostgres) return;
  await sql`alter table search_documents alter column body set storage external`.execute(db);
  await sql`alter table search_documents alter column document set storage external`.execute(db);
  await sql`alter table search_documents set (toast_tuple_target = 128)`.execute(db);
  let schema = await rumSchema(db);
  if (schema === null && (await rumAvailable(db))) {
    await sql`savepoint broadsheet_rum`.execute(db);
    try {
      await sql`create extension if not exists rum schema public`.execute(db);
      await sql`release savepoint broadsheet_rum`.execute(db);
    } catch {
      // No privilege, or another process created it at the same moment: look again below.
      await sql`rollback to savepoint broadsheet_rum`.execute(db);
    }
    schema = await rumSchema(db);
  }
  if (schema === null) return;
  await sql`create index if not exists search_documents_rum_idx on search_documents using rum (document ${sql.id(schema)}.rum_tsvector_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  if (!isPostgres) return;
  await sql`drop index if exists search_documents_rum_idx`.execute(db);
  await sql`alter table search_documents reset (toast_tuple_target)`.execute(db);
  await sql`alter table search_documents alter column body set storage extended`.execute(db);
  await sql`alter table search_documents alter column document set storage extended`.execute(db);
}

async function rumSchema(db: Kysely<any>): Promise<string | null> {
  const { rows } = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'rum'`.execute(db);
  return rows[0]?.schema ?? null;
}

async function rumAvailable(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql`select 1 from pg_available_extensions where name = 'rum'`.execute(db);
  return rows.length > 0;
}
