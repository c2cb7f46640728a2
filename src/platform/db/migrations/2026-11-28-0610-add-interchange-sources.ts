import type { Kysely } from 'kysely';

// Frozen once merged: never import app code here, never edit after release.

/**
 * Where imported stories came from (ninjs `uri`, per format), so importing the same document
 * again finds the story it made instead of making a second one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  await db.schema
    .createTable('interchange_sources')
    .ifNotExists()
    .addColumn('id', isPostgres ? 'serial' : 'integer', (c) => (isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source_uri', 'text', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('source_version', 'text')
    .addColumn('language', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('interchange_sources_format_uri_unique', ['format', 'source_uri'])
    .execute();
  await db.schema.createIndex('interchange_sources_article_idx').ifNotExists().on('interchange_sources').column('article_id').execute();
}
