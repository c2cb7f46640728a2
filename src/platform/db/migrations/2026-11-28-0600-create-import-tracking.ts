import type { Kysely } from 'kysely';

// Frozen once merged: never import app code here, never edit after release.

/**
 * Import bookkeeping. `import_items` maps an item of an export file (source system, source
 * site, kind, source id) to the local row it became, with a checksum of what was imported, so
 * re-running an import updates changed items and skips identical ones instead of duplicating
 * them. `legacy_urls` maps the old site's paths (e.g. `/2013/01/11/hello/`, `/?p=123`) to the
 * article, page or section they became, for 301 redirects.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  const id = isPostgres ? ('serial' as const) : ('integer' as const);

  await db.schema
    .createTable('import_items')
    .ifNotExists()
    .addColumn('id', id, (c) => (isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('source_system', 'text', (c) => c.notNull())
    .addColumn('source_site', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('local_id', 'integer', (c) => c.notNull())
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('import_items_source_unique', ['source_system', 'source_site', 'kind', 'source_id'])
    .execute();
  await db.schema.createIndex('import_items_local_idx').ifNotExists().on('import_items').columns(['kind', 'local_id']).execute();

  await db.schema
    .createTable('legacy_urls')
    .ifNotExists()
    .addColumn('path', 'text', (c) => c.primaryKey())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('legacy_urls').ifExists().execute();
  await db.schema.dropTable('import_items').ifExists().execute();
}
