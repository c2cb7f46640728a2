import type { Kysely } from 'kysely';
import { preparedQuery } from '../platform/db/prepared-query.js';
import type { Database } from '../platform/db/tables.js';
import type { CommentRow, CommentStatus } from '../platform/db/tables-public-reaction.js';

export type CommentSort = 'newest' | 'oldest';

/** Comments readers may see: approved, and not by a banned reader. */
const visibleComments = (db: Kysely<Database>) =>
  db.selectFrom('comments').leftJoin('readers', 'readers.id', 'comments.reader_id').selectAll('comments').where('comments.status', '=', 'approved').where('readers.banned_at', 'is', null);

// What every article page asks (see preparedQuery); one query per sort order.
const topLevelIn = (direction: 'asc' | 'desc') =>
  preparedQuery((db: Kysely<Database>, articleId: number, limit: number, offset: number) =>
    visibleComments(db)
      .where('comments.article_id', '=', articleId)
      .where('comments.parent_id', 'is', null)
      .orderBy('comments.created_at', direction)
      .orderBy('comments.id', direction)
      .limit(limit)
      .offset(offset),
  );
const topLevel = { newest: topLevelIn('desc'), oldest: topLevelIn('asc') };
const repliesTo = preparedQuery((db: Kysely<Database>, parentIds: number[]) =>
  visibleComments(db).where('comments.parent_id', 'in', parentIds).orderBy('comments.created_at', 'asc').orderBy('comments.id', 'asc'),
);
const visibleCount = preparedQuery((db: Kysely<Database>, articleId: number) =>
  db
    .selectFrom('comments')
    .leftJoin('readers', 'readers.id', 'comments.reader_id')
    .select((eb) => [eb.fn.countAll<number | string>().as('all'), eb.fn.count<number | string>(eb.case().when('comments.parent_id', 'is', null).then(1).end()).as('top')])
    .where('comments.status', '=', 'approved')
    .where('readers.banned_at', 'is', null)
    .where('comments.article_id', '=', articleId),
);
const closedAt = preparedQuery((db: Kysely<Database>, articleId: number) => db.selectFrom('comment_article_settings').select('closed_at').where('article_id', '=', articleId));

/** SQL for comments, reports and per-article comment settings. */
export function createCommentStore(db: Kysely<Database>) {
  const visible = () => visibleComments(db);

  return {
    async insert(input: { articleId: number; parentId: number | null; readerId: number | null; authorName: string; body: string; status: CommentStatus; visitorHash: string | null; now: string }): Promise<CommentRow> {
      return db
        .insertInto('comments')
        .values({ article_id: input.articleId, parent_id: input.parentId, reader_id: input.readerId, author_name: input.authorName, author_url: null, body: input.body, status: input.status, source: 'reader', legacy_id: null, visitor_hash: input.visitorHash, created_at: input.now, updated_at: input.now, edited_at: null })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async findById(id: number): Promise<CommentRow | undefined> {
      return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async isVisible(id: number): Promise<boolean> {
      return (await visible().where('comments.id', '=', id).executeTakeFirst()) !== undefined;
    },
    async updateBody(id: number, body: string, now: string): Promise<void> {
      await db.updateTable('comments').set({ body, edited_at: now, updated_at: now }).where('id', '=', id).execute();
    },
    async setStatus(id: number, status: CommentStatus, now: string): Promise<void> {
      await db.updateTable('comments').set({ status, updated_at: now }).where('id', '=', id).execute();
    },
    /** Visible top-level comments, one page, in `sort` order. */
    async listTopLevel(articleId: number, sort: CommentSort, limit: number, offset: number): Promise<CommentRow[]> {
      return topLevel[sort](db, articleId, limit, offset);
    },
    async listReplies(parentIds: number[]): Promise<CommentRow[]> {
      if (parentIds.length === 0) return [];
      return repliesTo(db, parentIds);
    },
    async countVisible(articleId: number): Promise<{ all: number; topLevel: number }> {
      const [row] = await visibleCount(db, articleId);
      return { all: Number(row?.all ?? 0), topLevel: Number(row?.top ?? 0) };
    },
    /** The moderation queue: pending comments, or reported ones still shown. Oldest first. */
    async listQueue(filter: { kind: 'pending' | 'reported'; articleId?: number; limit: number; afterId?: number }): Promise<(CommentRow & { reader_banned: boolean })[]> {
      let query = db
        .selectFrom('comments')
        .leftJoin('readers', 'readers.id', 'comments.reader_id')
        .selectAll('comments')
        .select('readers.banned_at as banned_at')
        .orderBy('comments.id', 'asc')
        .limit(filter.limit);
      query = filter.kind === 'pending' ? query.where('comments.status', '=', 'pending') : query.where('comments.report_count', '>', 0).where('comments.status', 'in', ['approved', 'pending']);
      if (filter.articleId !== undefined) query = query.where('comments.article_id', '=', filter.articleId);
      if (filter.afterId !== undefined) query = query.where('comments.id', '>', filter.afterId);
      const rows = await query.execute();
      return rows.map(({ banned_at, ...row }) => ({ ...row, reader_banned: banned_at !== null }));
    },
    /** Records one report per reporter; true when it was new. */
    async addReport(commentId: number, reporterKey: string, now: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const inserted = await trx.insertInto('comment_reports').values({ comment_id: commentId, reporter_key: reporterKey, created_at: now }).onConflict((oc) => oc.columns(['comment_id', 'reporter_key']).doNothing()).executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
        await trx.updateTable('comments').set((eb) => ({ report_count: eb('report_count', '+', 1) })).where('id', '=', commentId).execute();
        return true;
      });
    },
    async clearReports(commentId: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('comment_reports').where('comment_id', '=', commentId).execute();
        await trx.updateTable('comments').set({ report_count: 0 }).where('id', '=', commentId).execute();
      });
    },
    async articleIdsOfReader(readerId: number): Promise<number[]> {
      return (await db.selectFrom('comments').select('article_id').distinct().where('reader_id', '=', readerId).execute()).map((r) => r.article_id);
    },
    async articleExists(articleId: number): Promise<boolean> {
      return (await db.selectFrom('articles').select('id').where('id', '=', articleId).executeTakeFirst()) !== undefined;
    },
    async isClosed(articleId: number): Promise<boolean> {
      const [row] = await closedAt(db, articleId);
      return row !== undefined && row.closed_at !== null;
    },
    async setClosed(articleId: number, closedAt: string | null, now: string): Promise<void> {
      await db
        .insertInto('comment_article_settings')
        .values({ article_id: articleId, closed_at: closedAt, updated_at: now })
        .onConflict((oc) => oc.column('article_id').doUpdateSet({ closed_at: closedAt, updated_at: now }))
        .execute();
    },
  };
}

export type CommentStore = ReturnType<typeof createCommentStore>;
