import type { Kysely } from 'kysely';
import { preparedQuery } from '../platform/db/prepared-query.js';
import type { Database } from '../platform/db/tables.js';
import type { CollectionItemRow, CollectionRow } from '../platform/db/tables-collections.js';

export type CollectionStore = ReturnType<typeof createCollectionStore>;

// Read by fronts and article pages (Editor's Picks) on every view (see preparedQuery).
const sitewideByName = preparedQuery((db: Kysely<Database>, name: string) => db.selectFrom('collections').selectAll().where('name', '=', name).where('section_id', 'is', null));
const sectionByName = preparedQuery((db: Kysely<Database>, name: string, sectionId: number) => db.selectFrom('collections').selectAll().where('name', '=', name).where('section_id', '=', sectionId));
const itemsOfCollections = preparedQuery((db: Kysely<Database>, collectionIds: number[]) =>
  db.selectFrom('collection_items').selectAll().where('collection_id', 'in', collectionIds).orderBy('collection_id').orderBy('position'),
);

/** The only SQL of the collections module. */
export function createCollectionStore(db: Kysely<Database>) {
  return {
    async listAll(): Promise<CollectionRow[]> {
      return db.selectFrom('collections').selectAll().orderBy('name').orderBy('section_id').orderBy('id').execute();
    },
    async findById(id: number): Promise<CollectionRow | undefined> {
      return db.selectFrom('collections').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findByName(name: string, sectionId: number | null): Promise<CollectionRow | undefined> {
      return (await (sectionId === null ? sitewideByName(db, name) : sectionByName(db, name, sectionId)))[0];
    },
    /** Items of these collections, in order. */
    async itemsOf(collectionIds: number[]): Promise<CollectionItemRow[]> {
      if (collectionIds.length === 0) return [];
      return itemsOfCollections(db, collectionIds);
    },
    async sectionExists(id: number): Promise<boolean> {
      return (await db.selectFrom('sections').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },
    /** Which of `ids` are articles (any status, trash included). */
    async existingArticleIds(ids: number[]): Promise<Set<number>> {
      if (ids.length === 0) return new Set();
      const rows = await db.selectFrom('articles').select('id').where('id', 'in', ids).execute();
      return new Set(rows.map((r) => r.id));
    },
    /** Creates a collection with its items in one transaction; undefined when the name is taken in that scope. */
    async insert(input: { name: string; sectionId: number | null; items: { articleId: number; expiresAt: string | null }[]; now: string }): Promise<CollectionRow | undefined> {
      return db.transaction().execute(async (trx) => {
        const existing = await (input.sectionId === null
          ? trx.selectFrom('collections').select('id').where('name', '=', input.name).where('section_id', 'is', null)
          : trx.selectFrom('collections').select('id').where('name', '=', input.name).where('section_id', '=', input.sectionId)
        ).executeTakeFirst();
        if (existing) return undefined;
        const row = await trx
          .insertInto('collections')
          .values({ name: input.name, section_id: input.sectionId, created_at: input.now, updated_at: input.now })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (input.items.length > 0) {
          await trx
            .insertInto('collection_items')
            .values(input.items.map((item, position) => ({ collection_id: row.id, article_id: item.articleId, position, expires_at: item.expiresAt })))
            .execute();
        }
        return row;
      });
    },
    /** Replaces every item of a collection in one transaction; false when the collection is gone. */
    async replaceItems(id: number, items: { articleId: number; expiresAt: string | null }[], now: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const updated = await trx.updateTable('collections').set({ updated_at: now }).where('id', '=', id).executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) return false;
        await trx.deleteFrom('collection_items').where('collection_id', '=', id).execute();
        if (items.length > 0) {
          await trx
            .insertInto('collection_items')
            .values(items.map((item, position) => ({ collection_id: id, article_id: item.articleId, position, expires_at: item.expiresAt })))
            .execute();
        }
        return true;
      });
    },
    async delete(id: number): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom('collection_items').where('collection_id', '=', id).execute();
        const result = await trx.deleteFrom('collections').where('id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
  };
}
