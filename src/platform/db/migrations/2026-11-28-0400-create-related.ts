import type { Kysely } from 'kysely';

// Frozen once merged: never import app code here, never edit after release.

/**
 * Related stories per article, with the reason each was chosen, and the editors' pins and
 * excludes. `related_articles` holds the final list (pins included) in page order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('related_articles')
    .ifNotExists()
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('related_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('score', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('text_similarity', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reason_json', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('related_articles_pk', ['article_id', 'position'])
    .execute();
  await db.schema.createIndex('related_articles_related_idx').ifNotExists().on('related_articles').columns(['related_id', 'article_id']).execute();

  await db.schema
    .createTable('related_curation')
    .ifNotExists()
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('related_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    /** "pin" or "exclude". */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('related_curation_pk', ['article_id', 'related_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('related_curation').ifExists().execute();
  await db.schema.dropTable('related_articles').ifExists().execute();
}
