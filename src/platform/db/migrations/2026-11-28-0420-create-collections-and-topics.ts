import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// Frozen once merged: never import app code here, never edit after release.

/**
 * Editor's Picks collections (named, ordered lists of stories, site-wide or per section) and
 * detected topics (people, places, organisations) linked to articles.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  const id = isPostgres ? ('serial' as const) : ('integer' as const);
  const primaryKey = (c: any) => (isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement());

  await db.schema
    .createTable('collections')
    .ifNotExists()
    .addColumn('id', id, primaryKey)
    .addColumn('name', 'text', (c) => c.notNull())
    // Null: the site-wide collection of that name.
    .addColumn('section_id', 'integer', (c) => c.references('sections.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One collection per name and scope; NULLs are distinct in unique constraints, hence the expression.
  await sql`create unique index if not exists collections_name_scope_unique on collections (name, coalesce(section_id, 0))`.execute(db);

  await db.schema
    .createTable('collection_items')
    .ifNotExists()
    .addColumn('collection_id', 'integer', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addPrimaryKeyConstraint('collection_items_pk', ['collection_id', 'article_id'])
    .execute();
  await db.schema.createIndex('collection_items_article_idx').ifNotExists().on('collection_items').column('article_id').execute();

  await db.schema
    .createTable('topics')
    .ifNotExists()
    .addColumn('id', id, primaryKey)
    .addColumn('kind', 'text', (c) => c.notNull())
    // What detection matches on: the lowercased, accent-free original name.
    .addColumn('match_key', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('topics_kind_match_key_unique', ['kind', 'match_key'])
    .execute();

  await db.schema
    .createTable('article_topics')
    .ifNotExists()
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    // 1 when an editor removed it: kept so re-detection does not bring it back.
    .addColumn('removed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_topics_pk', ['article_id', 'topic_id'])
    .execute();
  await db.schema.createIndex('article_topics_topic_idx').ifNotExists().on('article_topics').columns(['topic_id', 'removed']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('article_topics').ifExists().execute();
  await db.schema.dropTable('topics').ifExists().execute();
  await db.schema.dropTable('collection_items').ifExists().execute();
  await db.schema.dropTable('collections').ifExists().execute();
}
