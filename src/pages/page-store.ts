import type { Kysely } from 'kysely';
import type { Database, PageRow } from '../platform/db/tables.js';

/** All SQL for static pages. `transaction` runs several statements atomically. */
export function createPageStore(db: Kysely<Database>) {
  return {
    ...pageQueries(db),
    /** Runs `work` in one transaction; the queries it receives see and change only that transaction. */
    async transaction<T>(work: (queries: PageQueries) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => work(pageQueries(trx)));
    },
  };
}

export type PageStore = ReturnType<typeof createPageStore>;
export type PageQueries = ReturnType<typeof pageQueries>;

function pageQueries(db: Kysely<Database>) {
  return {
    async listPublished(): Promise<PageRow[]> {
      return db.selectFrom('pages').selectAll().where('status', '=', 'published').orderBy('title').execute();
    },
    /** Every page, drafts included. */
    async listAll(): Promise<PageRow[]> {
      return db.selectFrom('pages').selectAll().orderBy('title').orderBy('id').execute();
    },
    async findBySlug(slug: string): Promise<PageRow | undefined> {
      return db.selectFrom('pages').selectAll().where('slug', '=', slug).executeTakeFirst();
    },
    async findById(id: number): Promise<PageRow | undefined> {
      return db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async insert(input: { slug: string; title: string; bodyJson: string; status: 'draft' | 'published'; now: string }): Promise<PageRow> {
      return db
        .insertInto('pages')
        .values({ slug: input.slug, title: input.title, body_json: input.bodyJson, status: input.status, published_at: input.status === 'published' ? input.now : null, updated_at: input.now, created_at: input.now })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async update(id: number, change: { slug?: string | undefined; title?: string | undefined; bodyJson?: string | undefined; status?: 'draft' | 'published' | undefined; publishedAt?: string | null | undefined }, now: string): Promise<PageRow> {
      return db
        .updateTable('pages')
        .set({
          ...(change.slug !== undefined ? { slug: change.slug } : {}),
          ...(change.title !== undefined ? { title: change.title } : {}),
          ...(change.bodyJson !== undefined ? { body_json: change.bodyJson } : {}),
          ...(change.status !== undefined ? { status: change.status } : {}),
          ...(change.publishedAt !== undefined ? { published_at: change.publishedAt } : {}),
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async delete(id: number): Promise<void> {
      await db.deleteFrom('pages').where('id', '=', id).execute();
    },
  };
}
