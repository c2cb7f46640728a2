import type { Kysely } from 'kysely';
import type { ArticleLockRow, Database } from '../platform/db/tables.js';

/** What an attempt to open an article for editing found. */
export type LockAttempt =
  | { acquired: true; kind: 'new' | 'heartbeat' | 'taken_over'; lock: ArticleLockRow; previous: ArticleLockRow | null }
  | { acquired: false; holder: ArticleLockRow };

/** All SQL for soft editing locks: one row per open article, kept fresh by heartbeats. */
export function createArticleLockStore(db: Kysely<Database>) {
  return {
    async find(articleId: number): Promise<ArticleLockRow | undefined> {
      return db.selectFrom('article_locks').selectAll().where('article_id', '=', articleId).executeTakeFirst();
    },

    /**
     * Takes the lock, refreshes the caller's own, or replaces another holder's when it went
     * stale (no heartbeat since `staleBefore`) or `takeOver` is set. Otherwise reports the holder.
     */
    async acquire(input: { articleId: number; userId: number; userName: string; now: string; staleBefore: string; takeOver: boolean }): Promise<LockAttempt> {
      return db.transaction().execute(async (trx) => {
        const fresh = { article_id: input.articleId, user_id: input.userId, user_name: input.userName, acquired_at: input.now, heartbeat_at: input.now };
        const inserted = await trx.insertInto('article_locks').values(fresh).onConflict((oc) => oc.column('article_id').doNothing()).executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { acquired: true, kind: 'new', lock: fresh, previous: null };
        const current = await trx.selectFrom('article_locks').selectAll().where('article_id', '=', input.articleId).executeTakeFirstOrThrow();
        if (current.user_id === input.userId) {
          await trx.updateTable('article_locks').set({ heartbeat_at: input.now, user_name: input.userName }).where('article_id', '=', input.articleId).where('user_id', '=', input.userId).execute();
          return { acquired: true, kind: 'heartbeat', lock: { ...current, heartbeat_at: input.now, user_name: input.userName }, previous: null };
        }
        if (!input.takeOver && current.heartbeat_at >= input.staleBefore) return { acquired: false, holder: current };
        // Conditional on the holder we saw, so two simultaneous take-overs cannot both win.
        const replaced = await trx
          .updateTable('article_locks')
          .set({ user_id: input.userId, user_name: input.userName, acquired_at: input.now, heartbeat_at: input.now })
          .where('article_id', '=', input.articleId)
          .where('user_id', '=', current.user_id)
          .where('acquired_at', '=', current.acquired_at)
          .executeTakeFirst();
        if (Number(replaced.numUpdatedRows) === 0) {
          const holder = await trx.selectFrom('article_locks').selectAll().where('article_id', '=', input.articleId).executeTakeFirstOrThrow();
          return { acquired: false, holder };
        }
        return { acquired: true, kind: 'taken_over', lock: fresh, previous: current };
      });
    },

    /** Lets go of the caller's lock; true when they held it. */
    async release(articleId: number, userId: number): Promise<boolean> {
      const result = await db.deleteFrom('article_locks').where('article_id', '=', articleId).where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

export type ArticleLockStore = ReturnType<typeof createArticleLockStore>;
