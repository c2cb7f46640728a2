import { sql } from 'kysely';
import type { Kysely } from 'kysely';

// Frozen once merged: never import app code here, never edit after release.

/** Creates the content model: settings, sections, authors, tags, articles and their links, pages, keys. */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = await detectPostgres(db);
  const id = isPostgres ? ('serial' as const) : ('integer' as const);
  const withId = <T extends { addColumn: (...args: any[]) => T }>(table: T): T =>
    table.addColumn('id', id, (c: any) => (isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement()));

  await db.schema
    .createTable('settings')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('sections').ifNotExists())
    .addColumn('parent_id', 'integer', (c) => c.references('sections.id').onDelete('restrict'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sections_parent_idx').ifNotExists().on('sections').columns(['parent_id', 'position']).execute();

  await withId(db.schema.createTable('authors').ifNotExists())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('photo_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('tags').ifNotExists())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('articles').ifNotExists())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('kicker', 'text')
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('dek', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('seo_title', 'text')
    .addColumn('seo_description', 'text')
    .addColumn('social_title', 'text')
    .addColumn('social_description', 'text')
    .addColumn('body_json', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('word_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lead_image_json', 'text')
    .addColumn('dateline', 'text')
    .addColumn('primary_section_id', 'integer', (c) => c.notNull().references('sections.id').onDelete('restrict'))
    .addColumn('published_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('articles_status_published_idx').ifNotExists().on('articles').columns(['status', 'published_at']).execute();
  await db.schema.createIndex('articles_section_published_idx').ifNotExists().on('articles').columns(['primary_section_id', 'published_at']).execute();

  for (const [table, column, target] of [
    ['article_authors', 'author_id', 'authors'],
    ['article_sections', 'section_id', 'sections'],
    ['article_tags', 'tag_id', 'tags'],
  ] as const) {
    await db.schema
      .createTable(table)
      .ifNotExists()
      .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
      .addColumn(column, 'integer', (c) => c.notNull().references(`${target}.id`).onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint(`${table}_pk`, ['article_id', column])
      .execute();
    await db.schema.createIndex(`${table}_${column}_idx`).ifNotExists().on(table).columns([column, 'article_id']).execute();
  }

  await withId(db.schema.createTable('corrections').ifNotExists())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('corrected_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('corrections_article_idx').ifNotExists().on('corrections').columns(['article_id', 'corrected_at']).execute();

  await db.schema
    .createTable('slug_redirects')
    .ifNotExists()
    .addColumn('old_slug', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('pages').ifNotExists())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('content_keys').ifNotExists())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .execute();
}

/** Drops everything `up` created, children first. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'content_keys', 'pages', 'slug_redirects', 'corrections', 'article_tags', 'article_sections',
    'article_authors', 'articles', 'tags', 'authors', 'sections', 'settings',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

async function detectPostgres(db: Kysely<any>): Promise<boolean> {
  try {
    await sql`select version()`.execute(db);
    return true;
  } catch {
    return false;
  }
}
