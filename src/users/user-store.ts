import type { Kysely } from 'kysely';
import type { ApiTokenRow, Database, UserRow } from '../platform/db/tables.js';

/** All SQL for staff accounts, sessions, API tokens and one-time tokens. */
export function createUserStore(db: Kysely<Database>) {
  return {
    ...createUserQueries(db),
    /** Runs `work` in one transaction with queries bound to it. */
    async inTransaction<T>(work: (store: UserQueries) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => work(createUserQueries(trx)));
    },
  };
}

function createUserQueries(db: Kysely<Database>) {
  return {
    async countUsers(): Promise<number> {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async findById(id: number): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findByEmail(email: string): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    },
    async listUsers(): Promise<UserRow[]> {
      return db.selectFrom('users').selectAll().orderBy('name').orderBy('id').execute();
    },
    async insertUser(input: { email: string; name: string; role: string; passwordHash: string | null; isOwner: boolean; authorId: number | null; now: string }): Promise<UserRow> {
      return db
        .insertInto('users')
        .values({ email: input.email, name: input.name, role: input.role, password_hash: input.passwordHash, is_owner: input.isOwner ? 1 : 0, author_id: input.authorId, created_at: input.now, updated_at: input.now })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async updateUser(id: number, changes: Partial<Pick<UserRow, 'name' | 'role' | 'password_hash' | 'author_id' | 'disabled_at'>>, now: string): Promise<UserRow | undefined> {
      return db.updateTable('users').set({ ...changes, updated_at: now }).where('id', '=', id).returningAll().executeTakeFirst();
    },
    async deleteUser(id: number): Promise<void> {
      await db.deleteFrom('users').where('id', '=', id).execute();
    },

    async insertApiToken(input: { userId: number; name: string; tokenHash: string; tokenPrefix: string; now: string }): Promise<ApiTokenRow> {
      return db
        .insertInto('api_tokens')
        .values({ user_id: input.userId, name: input.name, token_hash: input.tokenHash, token_prefix: input.tokenPrefix, created_at: input.now })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async findActiveApiToken(tokenHash: string): Promise<ApiTokenRow | undefined> {
      return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
    },
    async listApiTokens(userId: number): Promise<ApiTokenRow[]> {
      return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('id').execute();
    },
    async revokeApiToken(userId: number, id: number, now: string): Promise<boolean> {
      const result = await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async touchApiToken(id: number, now: string): Promise<void> {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
    },

    async insertOneTimeToken(input: { tokenHash: string; purpose: string; email: string; role: string | null; userId: number | null; createdBy: number | null; now: string; expiresAt: string }): Promise<void> {
      await db
        .insertInto('one_time_tokens')
        .values({ token_hash: input.tokenHash, purpose: input.purpose, email: input.email, role: input.role, user_id: input.userId, created_by: input.createdBy, created_at: input.now, expires_at: input.expiresAt })
        .execute();
    },
    /** Marks a live token used and returns it, or undefined when it is unknown, used or expired. One statement, so exactly once under races. */
    async consumeOneTimeToken(tokenHash: string, purpose: string, now: string) {
      return db
        .updateTable('one_time_tokens')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returningAll()
        .executeTakeFirst();
    },
    async peekOneTimeToken(tokenHash: string, purpose: string, now: string) {
      return db.selectFrom('one_time_tokens').selectAll().where('token_hash', '=', tokenHash).where('purpose', '=', purpose).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
    },
    async expireOneTimeTokens(purpose: string, now: string): Promise<void> {
      await db.updateTable('one_time_tokens').set({ used_at: now }).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
    },
  };
}

export type UserQueries = ReturnType<typeof createUserQueries>;
export type UserStore = ReturnType<typeof createUserStore>;
