import type { Kysely } from 'kysely';
import type { AuthorRow, Database } from '../platform/db/tables.js';

/** All SQL for authors. */
export function createAuthorStore(db: Kysely<Database>) {
  return {
    async listAll(): Promise<AuthorRow[]> {
      return db.selectFrom('authors').selectAll().orderBy('name').orderBy('id').execute();
    },
    async findBySlug(slug: string): Promise<AuthorRow | undefined> {
      return db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
    },
    async insert(input: { slug: string; name: string; bio: string; photoUrl: string | null; now: string }): Promise<AuthorRow> {
      return db
        .insertInto('authors')
        .values({ slug: input.slug, name: input.name, bio: input.bio, photo_url: input.photoUrl, created_at: input.now, updated_at: input.now })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
  };
}

export type AuthorStore = ReturnType<typeof createAuthorStore>;
