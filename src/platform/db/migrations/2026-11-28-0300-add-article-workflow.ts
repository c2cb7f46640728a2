import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// Frozen once merged: never import app code here, never edit after release.

/** New nullable article columns: who created it, trash, scheduling and embargo. */
const ARTICLE_COLUMNS = ['created_by', 'deleted_at', 'scheduled_at', 'embargo_until'] as const;

/** The editorial workflow: article columns for trash and scheduling, revisions and soft editing locks. */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  const id = isPostgres ? ('serial' as const) : ('integer' as const);

  // ALTER TABLE … ADD COLUMN has no IF NOT EXISTS in SQLite: look the columns up first.
  const existing = new Set(await articleColumns(db, isPostgres));
  for (const column of ARTICLE_COLUMNS) {
    if (existing.has(column)) continue;
    await db.schema.alterTable('articles').addColumn(column, column === 'created_by' ? 'integer' : 'text').execute();
  }
  await db.schema.createIndex('articles_scheduled_idx').ifNotExists().on('articles').columns(['status', 'scheduled_at']).execute();
  await db.schema.createIndex('articles_updated_idx').ifNotExists().on('articles').columns(['updated_at', 'id']).execute();

  await db.schema
    .createTable('article_revisions')
    .ifNotExists()
    .addColumn('id', id, (c) => (isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('changed_fields_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('snapshot_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('article_revisions_article_version_unique', ['article_id', 'version'])
    .execute();

  await db.schema
    .createTable('article_locks')
    .ifNotExists()
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('acquired_at', 'text', (c) => c.notNull())
    .addColumn('heartbeat_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('article_locks').ifExists().execute();
  await db.schema.dropTable('article_revisions').ifExists().execute();
  await db.schema.dropIndex('articles_scheduled_idx').ifExists().execute();
  await db.schema.dropIndex('articles_updated_idx').ifExists().execute();
  for (const column of ARTICLE_COLUMNS) await db.schema.alterTable('articles').dropColumn(column).execute();
}

async function articleColumns(db: Kysely<any>, isPostgres: boolean): Promise<string[]> {
  const { rows } = isPostgres
    ? await sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = 'articles'`.execute(db)
    : await sql<{ name: string }>`select name from pragma_table_info('articles')`.execute(db);
  return rows.map((row) => row.name);
}
