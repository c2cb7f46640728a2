import type { Kysely } from 'kysely';
import type { Database, TagRow } from '../platform/db/tables.js';

/** All SQL for tags and their links to articles. `transaction` runs several statements atomically. */
export function createTagStore(db: Kysely<Database>) {
  return {
    ...tagQueries(db),
    /** Runs `work` in one transaction; the queries it receives see and change only that transaction. */
    async transaction<T>(work: (queries: TagQueries) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => work(tagQueries(trx)));
    },
  };
}

export type TagStore = ReturnType<typeof createTagStore>;
export type TagQueries = ReturnType<typeof tagQueries>;

function tagQueries(db: Kysely<Database>) {
  return {
    async listAll(): Promise<TagRow[]> {
      return db.selectFrom('tags').selectAll().orderBy('name').orderBy('id').execute();
    },
    async findBySlug(slug: string): Promise<TagRow | undefined> {
      return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
    },
    async findById(id: number): Promise<TagRow | undefined> {
      return db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
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
    async insert(input: { slug: string; name: string; now: string }): Promise<TagRow> {
      return db.insertInto('tags').values({ slug: input.slug, name: input.name, created_at: input.now }).returningAll().executeTakeFirstOrThrow();
    },
    async update(id: number, change: { slug?: string | undefined; name?: string | undefined }): Promise<TagRow> {
      return db
        .updateTable('tags')
        .set({ ...(change.slug !== undefined ? { slug: change.slug } : {}), ...(change.name !== undefined ? { name: change.name } : {}) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    /** Articles (any status) per tag id (tags without any are absent). */
    async articleCounts(): Promise<Map<number, number>> {
      const rows = await db.selectFrom('article_tags').select((eb) => ['tag_id', eb.fn.countAll().as('count')]).groupBy('tag_id').execute();
      return new Map(rows.map((row) => [row.tag_id, Number(row.count)]));
    },
    /**
     * Moves every article link of `fromId` to `intoId`, keeping each article's tag order; an
     * article that already has both keeps one link. Returns how many articles gained `intoId`.
     */
    async moveLinks(fromId: number, intoId: number): Promise<number> {
      await db
        .deleteFrom('article_tags')
        .where('tag_id', '=', fromId)
        .where('article_id', 'in', db.selectFrom('article_tags').select('article_id').where('tag_id', '=', intoId))
        .execute();
      const result = await db.updateTable('article_tags').set({ tag_id: intoId }).where('tag_id', '=', fromId).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    /** Removes the tag from every article; returns how many lost it. */
    async deleteLinks(tagId: number): Promise<number> {
      const result = await db.deleteFrom('article_tags').where('tag_id', '=', tagId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async delete(id: number): Promise<void> {
      await db.deleteFrom('tags').where('id', '=', id).execute();
    },
  };
}
