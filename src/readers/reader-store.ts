import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/tables.js';
import type { ReaderRow } from '../platform/db/tables-public-reaction.js';

/** SQL for reader accounts, their sessions and sign-in links, and the area's name/value settings. */
export function createReaderStore(db: Kysely<Database>) {
  return {
    async findByEmail(email: string): Promise<ReaderRow | undefined> {
      return db.selectFrom('readers').selectAll().where('email', '=', email).executeTakeFirst();
    },
    async findById(id: number): Promise<ReaderRow | undefined> {
      return db.selectFrom('readers').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async insertReader(input: { email: string; now: string }): Promise<ReaderRow> {
      return db.insertInto('readers').values({ email: input.email, display_name: '', created_at: input.now, updated_at: input.now, banned_at: null, deleted_at: null }).returningAll().executeTakeFirstOrThrow();
    },
    async updateDisplayName(id: number, name: string, now: string): Promise<void> {
      await db.updateTable('readers').set({ display_name: name, updated_at: now }).where('id', '=', id).execute();
    },
    async setBanned(id: number, bannedAt: string | null, now: string): Promise<boolean> {
      const result = await db.updateTable('readers').set({ banned_at: bannedAt, updated_at: now }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    /** Deletes the account: sessions go, comments stay but lose their author (shown as from a deleted reader). */
    async deleteReader(id: number, deletedName: string, now: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('comments').set({ reader_id: null, author_name: deletedName, updated_at: now }).where('reader_id', '=', id).execute();
        await trx.deleteFrom('reader_sessions').where('reader_id', '=', id).execute();
        await trx.deleteFrom('readers').where('id', '=', id).execute();
      });
    },

    async insertSession(input: { idHash: string; readerId: number; csrfToken: string; now: string; expiresAt: string }): Promise<void> {
      await db.insertInto('reader_sessions').values({ id_hash: input.idHash, reader_id: input.readerId, csrf_token: input.csrfToken, created_at: input.now, expires_at: input.expiresAt }).execute();
    },
    async findSession(idHash: string, now: string): Promise<{ reader: ReaderRow; csrfToken: string } | undefined> {
      const session = await db.selectFrom('reader_sessions').selectAll().where('id_hash', '=', idHash).where('expires_at', '>', now).executeTakeFirst();
      if (!session) return undefined;
      const reader = await db.selectFrom('readers').selectAll().where('id', '=', session.reader_id).where('deleted_at', 'is', null).executeTakeFirst();
      return reader ? { reader, csrfToken: session.csrf_token } : undefined;
    },
    async deleteSession(idHash: string): Promise<void> {
      await db.deleteFrom('reader_sessions').where('id_hash', '=', idHash).execute();
    },

    async insertLoginToken(input: { tokenHash: string; email: string; returnTo: string | null; now: string; expiresAt: string }): Promise<void> {
      await db.insertInto('reader_login_tokens').values({ token_hash: input.tokenHash, email: input.email, return_to: input.returnTo, created_at: input.now, expires_at: input.expiresAt, used_at: null }).execute();
    },
    /** Marks a live token used and returns it; undefined when unknown, used or expired. */
    async consumeLoginToken(tokenHash: string, now: string): Promise<{ email: string; returnTo: string | null } | undefined> {
      const result = await db.updateTable('reader_login_tokens').set({ used_at: now }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return undefined;
      const row = await db.selectFrom('reader_login_tokens').select(['email', 'return_to']).where('token_hash', '=', tokenHash).executeTakeFirstOrThrow();
      return { email: row.email, returnTo: row.return_to };
    },
    async peekLoginToken(tokenHash: string, now: string): Promise<boolean> {
      const row = await db.selectFrom('reader_login_tokens').select('token_hash').where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
      return row !== undefined;
    },

    async getSetting(name: string): Promise<string | undefined> {
      return (await db.selectFrom('public_reaction_settings').select('value').where('name', '=', name).executeTakeFirst())?.value;
    },
    async putSetting(name: string, value: string, now: string): Promise<void> {
      await db.insertInto('public_reaction_settings').values({ name, value, updated_at: now }).onConflict((oc) => oc.column('name').doUpdateSet({ value, updated_at: now })).execute();
    },
    /** Inserts the value only when the name is unset; returns the stored value either way. */
    async ensureSetting(name: string, value: string, now: string): Promise<string> {
      await db.insertInto('public_reaction_settings').values({ name, value, updated_at: now }).onConflict((oc) => oc.column('name').doNothing()).execute();
      return (await db.selectFrom('public_reaction_settings').select('value').where('name', '=', name).executeTakeFirstOrThrow()).value;
    },
  };
}

export type ReaderStore = ReturnType<typeof createReaderStore>;
