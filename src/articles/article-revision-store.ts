import type { Kysely } from 'kysely';
import type { ArticleRevisionRow, Database } from '../platform/db/tables.js';

/** Columns a revision list shows; the snapshots stay in the database. */
export type RevisionListRow = Omit<ArticleRevisionRow, 'snapshot_json'>;

/** Reads an article's revisions (they are written with each change, by the workflow store). */
export function createArticleRevisionStore(db: Kysely<Database>) {
  return {
    /** Every revision of an article, newest first, without snapshots. */
    async list(articleId: number): Promise<RevisionListRow[]> {
      return db
        .selectFrom('article_revisions')
        .select(['id', 'article_id', 'version', 'user_id', 'actor_label', 'changed_fields_json', 'created_at'])
        .where('article_id', '=', articleId)
        .orderBy('version', 'desc')
        .execute();
    },

    async find(articleId: number, version: number): Promise<ArticleRevisionRow | undefined> {
      return db.selectFrom('article_revisions').selectAll().where('article_id', '=', articleId).where('version', '=', version).executeTakeFirst();
    },
  };
}

export type ArticleRevisionStore = ReturnType<typeof createArticleRevisionStore>;
