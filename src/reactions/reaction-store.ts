import type { Kysely } from 'kysely';
import { preparedQuery } from '../platform/db/prepared-query.js';
import type { Database } from '../platform/db/tables.js';

/** Counts by type, on every article page (see preparedQuery). */
const countsOf = preparedQuery((db: Kysely<Database>, articleId: number) => db.selectFrom('reactions').select(['type', db.fn.countAll<number | string>().as('n')]).where('article_id', '=', articleId).groupBy('type'));

/** SQL for reactions: one row per (article, visitor). */
export function createReactionStore(db: Kysely<Database>) {
  return {
    async counts(articleId: number): Promise<Record<string, number>> {
      const rows = await countsOf(db, articleId);
      return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
    },
    async find(articleId: number, visitorKey: string): Promise<string | undefined> {
      return (await db.selectFrom('reactions').select('type').where('article_id', '=', articleId).where('visitor_key', '=', visitorKey).executeTakeFirst())?.type;
    },
    /** Sets the visitor's reaction (insert or change), atomically. */
    async upsert(input: { articleId: number; visitorKey: string; type: string; now: string }): Promise<void> {
      await db
        .insertInto('reactions')
        .values({ article_id: input.articleId, visitor_key: input.visitorKey, type: input.type, created_at: input.now, updated_at: input.now })
        .onConflict((oc) => oc.columns(['article_id', 'visitor_key']).doUpdateSet({ type: input.type, updated_at: input.now }))
        .execute();
    },
    async remove(articleId: number, visitorKey: string): Promise<void> {
      await db.deleteFrom('reactions').where('article_id', '=', articleId).where('visitor_key', '=', visitorKey).execute();
    },
  };
}

export type ReactionStore = ReturnType<typeof createReactionStore>;
