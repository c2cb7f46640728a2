import type { Kysely } from 'kysely';

// Frozen once merged: never import app code here, never edit after release.

/**
 * Trending: page views per article per hour (`hour` = ISO start of the UTC hour), and the
 * daily salts that make visitor hashes (one row per UTC day; old days are deleted).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('trending_views')
    .ifNotExists()
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('trending_views_pk', ['article_id', 'hour'])
    .execute();
  await db.schema.createIndex('trending_views_hour_idx').ifNotExists().on('trending_views').column('hour').execute();

  await db.schema
    .createTable('trending_salts')
    .ifNotExists()
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('trending_salts').ifExists().execute();
  await db.schema.dropIndex('trending_views_hour_idx').ifExists().execute();
  await db.schema.dropTable('trending_views').ifExists().execute();
}
