import type { Kysely } from 'kysely';

// Frozen once merged: never import app code here, never edit after release.

/**
 * Readers (accounts for commenting, separate from staff) and comments. Comments also hold
 * ones imported from other platforms (source "import", legacy_id from the export file), so
 * re-running an import finds them instead of duplicating them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  const id = isPostgres ? ('serial' as const) : ('integer' as const);

  await db.schema
    .createTable('readers')
    .ifNotExists()
    .addColumn('id', id, (c) => (isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('email', 'text', (c) => c.unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('banned_at', 'text')
    .addColumn('deleted_at', 'text')
    .execute();

  await db.schema
    .createTable('comments')
    .ifNotExists()
    .addColumn('id', id, (c) => (isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('reader_id', 'integer', (c) => c.references('readers.id').onDelete('set null'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_url', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('reader'))
    .addColumn('legacy_id', 'text')
    .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('visitor_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addUniqueConstraint('comments_article_legacy_unique', ['article_id', 'legacy_id'])
    .execute();
  await db.schema.createIndex('comments_article_status_idx').ifNotExists().on('comments').columns(['article_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('comments_status_idx').ifNotExists().on('comments').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('comments_reader_idx').ifNotExists().on('comments').columns(['reader_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('comments').ifExists().execute();
  await db.schema.dropTable('readers').ifExists().execute();
}
