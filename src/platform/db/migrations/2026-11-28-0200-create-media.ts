import type { Kysely } from 'kysely';

// Frozen once merged: never import app code here, never edit after release.

/** The media library: one row per uploaded picture; its files live in DATA_DIR/media/<storage_key>/. */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  const id = isPostgres ? ('serial' as const) : ('integer' as const);

  await db.schema
    .createTable('media')
    .ifNotExists()
    .addColumn('id', id, (c: any) => (isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('caption', 'text')
    .addColumn('credit', 'text')
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('variants_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('media_uploaded_by_idx').ifNotExists().on('media').column('uploaded_by').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('media').ifExists().execute();
}
