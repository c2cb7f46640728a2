import type { Kysely } from 'kysely';

// Frozen once merged: never import app code here, never edit after release.

/**
 * Reader reactions, reader sessions and sign-in links, comment reports, comment settings
 * (publication moderation mode, per-article closing) and the signing secret for reader
 * cookies and form tokens.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
  const id = isPostgres ? ('serial' as const) : ('integer' as const);

  await db.schema
    .createTable('reactions')
    .ifNotExists()
    .addColumn('id', id, (c) => (isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('visitor_key', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('reactions_article_visitor_unique', ['article_id', 'visitor_key'])
    .execute();
  await db.schema.createIndex('reactions_article_type_idx').ifNotExists().on('reactions').columns(['article_id', 'type']).execute();

  await db.schema
    .createTable('reader_sessions')
    .ifNotExists()
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('reader_id', 'integer', (c) => c.notNull().references('readers.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reader_sessions_reader_idx').ifNotExists().on('reader_sessions').column('reader_id').execute();

  await db.schema
    .createTable('reader_login_tokens')
    .ifNotExists()
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('comment_reports')
    .ifNotExists()
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('reporter_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('comment_reports_pk', ['comment_id', 'reporter_key'])
    .execute();

  await db.schema
    .createTable('comment_article_settings')
    .ifNotExists()
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('closed_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('public_reaction_settings')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['public_reaction_settings', 'comment_article_settings', 'comment_reports', 'reader_login_tokens', 'reader_sessions', 'reactions']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
