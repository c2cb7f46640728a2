import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, MediaRow } from '../platform/db/tables.js';

export type NewMediaRow = Omit<MediaRow, 'id' | 'deleted_at'>;
export type MediaDetailsPatch = Partial<Pick<MediaRow, 'alt' | 'caption' | 'credit'>>;

/** All SQL for the media library. Every write runs in its own transaction; deleted rows are invisible. */
export function createMediaStore(db: Kysely<Database>) {
  return {
    async insert(row: NewMediaRow): Promise<MediaRow> {
      return db.transaction().execute(async (trx) => trx.insertInto('media').values(row).returningAll().executeTakeFirstOrThrow());
    },

    async findById(id: number): Promise<MediaRow | undefined> {
      return db.selectFrom('media').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    },

    /** Newest first; `beforeId` continues after the last row of the previous page. */
    async list(filter: { search?: string | undefined; uploadedBy?: number | undefined; beforeId?: number | undefined; limit: number }): Promise<MediaRow[]> {
      let query = db.selectFrom('media').selectAll().where('deleted_at', 'is', null);
      if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
      if (filter.uploadedBy !== undefined) query = query.where('uploaded_by', '=', filter.uploadedBy);
      if (filter.search) {
        const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where((eb) =>
          eb.or([sql<boolean>`lower(original_name) like ${pattern} escape '\\'`, sql<boolean>`lower(alt) like ${pattern} escape '\\'`]),
        );
      }
      return query.orderBy('id', 'desc').limit(filter.limit).execute();
    },

    /**
     * Applies `decide(current)` to a live row in one transaction: `decide` may refuse by throwing,
     * or return the patch to write. Returns the row before and after, or undefined when missing.
     */
    async updateDetails(id: number, decide: (current: MediaRow) => MediaDetailsPatch, now: string): Promise<{ before: MediaRow; after: MediaRow } | undefined> {
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('media').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
        if (!before) return undefined;
        const patch = decide(before);
        const after = await trx.updateTable('media').set({ ...patch, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        return { before, after };
      });
    },

    /** Marks a live row deleted after `check(current)` allows it; returns the row, or undefined when missing. */
    async softDelete(id: number, check: (current: MediaRow) => void, now: string): Promise<MediaRow | undefined> {
      return db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom('media').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
        if (!current) return undefined;
        check(current);
        await trx.updateTable('media').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
        return current;
      });
    },
  };
}

export type MediaStore = ReturnType<typeof createMediaStore>;
