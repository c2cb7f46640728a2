import type { Kysely } from 'kysely';
import type { Database, TagRow } from '../platform/db/tables.js';

/** All SQL for tags. */
export function createTagStore(db: Kysely<Database>) {
  return {
    async listAll(): Promise<TagRow[]> {
      return db.selectFrom('tags').selectAll().orderBy('name').orderBy('id').execute();
    },
    async findBySlug(slug: string): Promise<TagRow | undefined> {
      return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
    },
    /** Returns the tag with this slug, creating it with `name` when it does not exist yet. */
    async ensure(input: { slug: string; name: string; now: string }): Promise<TagRow> {
      const existing = await db.selectFrom('tags').selectAll().where('slug', '=', input.slug).executeTakeFirst();
      if (existing) return existing;
      return db
        .insertInto('tags')
        .values({ slug: input.slug, name: input.name, created_at: input.now })
        .onConflict((oc) => oc.column('slug').doUpdateSet({ name: (eb) => eb.ref('tags.name') }))
        .returningAll()
        .executeTakeFirstOrThrow();
    },
  };
}

export type TagStore = ReturnType<typeof createTagStore>;
