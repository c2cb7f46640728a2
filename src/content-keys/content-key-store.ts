import type { Kysely } from 'kysely';
import type { ContentKeyRow, Database } from '../platform/db/tables.js';

/** All SQL for Content API keys. */
export function createContentKeyStore(db: Kysely<Database>) {
  return {
    async insert(input: { name: string; keyHash: string; keyPrefix: string; now: string }): Promise<ContentKeyRow> {
      return db
        .insertInto('content_keys')
        .values({ name: input.name, key_hash: input.keyHash, key_prefix: input.keyPrefix, created_at: input.now })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async listAll(): Promise<ContentKeyRow[]> {
      return db.selectFrom('content_keys').selectAll().orderBy('id').execute();
    },
    async findActiveByHash(keyHash: string): Promise<ContentKeyRow | undefined> {
      return db.selectFrom('content_keys').selectAll().where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
    },
    async revoke(id: number, now: string): Promise<boolean> {
      const result = await db.updateTable('content_keys').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async touch(id: number, now: string): Promise<void> {
      await db.updateTable('content_keys').set({ last_used_at: now }).where('id', '=', id).execute();
    },
  };
}

export type ContentKeyStore = ReturnType<typeof createContentKeyStore>;
