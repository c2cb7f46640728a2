import type { Kysely } from 'kysely';
import type { AuthorRow, Database } from '../platform/db/tables.js';

/** All SQL for authors. `transaction` runs several of these statements atomically. */
export function createAuthorStore(db: Kysely<Database>) {
  return {
    ...authorQueries(db),
    /** Runs `work` in one transaction; the queries it receives see and change only that transaction. */
    async transaction<T>(work: (queries: AuthorQueries) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => work(authorQueries(trx)));
    },
  };
}

export type AuthorStore = ReturnType<typeof createAuthorStore>;
export type AuthorQueries = ReturnType<typeof authorQueries>;

function authorQueries(db: Kysely<Database>) {
  return {
    async listAll(): Promise<AuthorRow[]> {
      return db.selectFrom('authors').selectAll().orderBy('name').orderBy('id').execute();
    },
    async findBySlug(slug: string): Promise<AuthorRow | undefined> {
      return db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
    },
    async findById(id: number): Promise<AuthorRow | undefined> {
      return db.selectFrom('authors').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async insert(input: { slug: string; name: string; bio: string; photoUrl: string | null; now: string }): Promise<AuthorRow> {
      return db
        .insertInto('authors')
        .values({ slug: input.slug, name: input.name, bio: input.bio, photo_url: input.photoUrl, created_at: input.now, updated_at: input.now })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async update(id: number, change: { slug?: string | undefined; name?: string | undefined; bio?: string | undefined; photoUrl?: string | null | undefined }, now: string): Promise<AuthorRow> {
      return db
        .updateTable('authors')
        .set({
          ...(change.slug !== undefined ? { slug: change.slug } : {}),
          ...(change.name !== undefined ? { name: change.name } : {}),
          ...(change.bio !== undefined ? { bio: change.bio } : {}),
          ...(change.photoUrl !== undefined ? { photo_url: change.photoUrl } : {}),
          updated_at: now,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    /** How many articles (any status) carry this author in their byline. */
    async countArticles(authorId: number): Promise<number> {
      const row = await db.selectFrom('article_authors').select((eb) => eb.fn.countAll().as('count')).where('author_id', '=', authorId).executeTakeFirstOrThrow();
      return Number(row.count);
    },
    /** Bylines per author id (authors without any are absent). */
    async articleCounts(): Promise<Map<number, number>> {
      const rows = await db.selectFrom('article_authors').select((eb) => ['author_id', eb.fn.countAll().as('count')]).groupBy('author_id').execute();
      return new Map(rows.map((row) => [row.author_id, Number(row.count)]));
    },
    async delete(id: number): Promise<void> {
      await db.deleteFrom('authors').where('id', '=', id).execute();
    },
  };
}
