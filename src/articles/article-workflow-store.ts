import type { Insertable, Kysely, Updateable } from 'kysely';
import type { ArticleRevisionsTable, ArticleRow, ArticleStatus, ArticlesTable, Database } from '../platform/db/tables.js';

/** Columns the Admin API's article list shows; bodies stay in the database. */
const ADMIN_LIST_COLUMNS = [
  'id', 'slug', 'status', 'kicker', 'headline', 'dek', 'lead_image_json', 'dateline', 'primary_section_id',
  'published_at', 'updated_at', 'word_count', 'created_at', 'version', 'created_by', 'deleted_at', 'scheduled_at', 'embargo_until',
] as const;

export type AdminListRow = Pick<ArticleRow, (typeof ADMIN_LIST_COLUMNS)[number]>;

/** One versioned change to an article, written atomically with its revision. */
export interface ArticleChangeWrite {
  id: number;
  /** The change applies only while the article is still at this version (optimistic concurrency). */
  expectedVersion: number;
  /** …and, when given, still in this status (the scheduler's guard against publishing twice). */
  expectedStatus?: ArticleStatus;
  columns: Omit<Updateable<ArticlesTable>, 'id' | 'version'>;
  /** Replacement link lists, for the lists that changed. */
  links?: { authorIds?: number[]; sectionIds?: number[]; tagIds?: number[] };
  correction?: { body: string; correctedAt: string };
  /** Keeps the old slug answering with a 301 to the new one. */
  redirect?: { oldSlug: string; newSlug: string };
  /** The revision row; its `version` is expectedVersion + 1. */
  revision: Omit<Insertable<ArticleRevisionsTable>, 'id' | 'article_id'>;
}

/** Which published, draft or trashed articles the Admin API lists. */
export interface AdminListFilter {
  status?: ArticleStatus | undefined;
  sectionId?: number | undefined;
  authorId?: number | undefined;
  /** Every word must appear in the headline, dek or body text. */
  text?: string[] | undefined;
  /** true: only the trash; false: everything but the trash. */
  trashed: boolean;
  /** Only articles this user created or writes under (contributors see their own only). */
  ownedBy?: { userId: number; authorId: number | null } | undefined;
  /** Keyset position: continue after this article (newest change first). */
  after?: { updatedAt: string; id: number } | undefined;
  limit: number;
}

/** SQL of the editorial workflow: versioned changes with revisions, the admin list, the schedule, purging. */
export function createArticleWorkflowStore(db: Kysely<Database>) {
  return {
    /**
     * Applies a change only if the article is still at `expectedVersion` (and status), bumping
     * the version and writing the revision in the same transaction. False when another save won.
     */
    async applyChange(write: ArticleChangeWrite): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        let update = trx
          .updateTable('articles')
          .set({ ...write.columns, version: write.expectedVersion + 1 })
          .where('id', '=', write.id)
          .where('version', '=', write.expectedVersion);
        if (write.expectedStatus) update = update.where('status', '=', write.expectedStatus);
        const result = await update.executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) return false;
        const { id, links, correction, redirect } = write;
        if (links?.authorIds) {
          await trx.deleteFrom('article_authors').where('article_id', '=', id).execute();
          if (links.authorIds.length > 0) await trx.insertInto('article_authors').values(links.authorIds.map((authorId, position) => ({ article_id: id, author_id: authorId, position }))).execute();
        }
        if (links?.sectionIds) {
          await trx.deleteFrom('article_sections').where('article_id', '=', id).execute();
          if (links.sectionIds.length > 0) await trx.insertInto('article_sections').values(links.sectionIds.map((sectionId, position) => ({ article_id: id, section_id: sectionId, position }))).execute();
        }
        if (links?.tagIds) {
          await trx.deleteFrom('article_tags').where('article_id', '=', id).execute();
          if (links.tagIds.length > 0) await trx.insertInto('article_tags').values(links.tagIds.map((tagId, position) => ({ article_id: id, tag_id: tagId, position }))).execute();
        }
        if (correction) await trx.insertInto('corrections').values({ article_id: id, body: correction.body, corrected_at: correction.correctedAt }).execute();
        if (redirect) {
          const now = write.revision.created_at;
          await trx.deleteFrom('slug_redirects').where('old_slug', '=', redirect.newSlug).execute();
          await trx
            .insertInto('slug_redirects')
            .values({ old_slug: redirect.oldSlug, article_id: id, created_at: now })
            .onConflict((oc) => oc.column('old_slug').doUpdateSet({ article_id: id, created_at: now }))
            .execute();
        }
        await trx.insertInto('article_revisions').values({ ...write.revision, article_id: id }).execute();
        return true;
      });
    },

    /** Articles for the newsroom, most recently changed first. */
    async listAdmin(filter: AdminListFilter): Promise<AdminListRow[]> {
      let query = db
        .selectFrom('articles')
        .select(ADMIN_LIST_COLUMNS.map((c) => `articles.${c}` as const))
        .where('articles.deleted_at', filter.trashed ? 'is not' : 'is', null);
      if (filter.status) query = query.where('articles.status', '=', filter.status);
      const { sectionId, authorId, ownedBy, after } = filter;
      if (sectionId !== undefined) {
        query = query.where((eb) =>
          eb.or([eb('articles.primary_section_id', '=', sectionId), eb('articles.id', 'in', eb.selectFrom('article_sections').select('article_id').where('section_id', '=', sectionId))]),
        );
      }
      if (authorId !== undefined) query = query.where('articles.id', 'in', db.selectFrom('article_authors').select('article_id').where('author_id', '=', authorId));
      if (ownedBy) {
        query = query.where((eb) =>
          eb.or([
            eb('articles.created_by', '=', ownedBy.userId),
            ...(ownedBy.authorId === null ? [] : [eb('articles.id', 'in', eb.selectFrom('article_authors').select('article_id').where('author_id', '=', ownedBy.authorId))]),
          ]),
        );
      }
      for (const word of filter.text ?? []) {
        // LIKE wildcards are dropped rather than escaped: SQLite has no default escape character.
        const pattern = `%${word.toLowerCase().replace(/[\\%_]/g, '')}%`;
        query = query.where((eb) =>
          eb.or([eb(eb.fn('lower', ['articles.headline']), 'like', pattern), eb(eb.fn('lower', ['articles.dek']), 'like', pattern), eb(eb.fn('lower', ['articles.body_text']), 'like', pattern)]),
        );
      }
      if (after) {
        query = query.where((eb) =>
          eb.or([eb('articles.updated_at', '<', after.updatedAt), eb.and([eb('articles.updated_at', '=', after.updatedAt), eb('articles.id', '<', after.id)])]),
        );
      }
      return query.orderBy('articles.updated_at', 'desc').orderBy('articles.id', 'desc').limit(filter.limit).execute();
    },

    /** Ids among those given that do not exist, per kind. */
    async findMissingReferences(refs: { sectionIds: number[]; authorIds: number[]; tagIds: number[] }): Promise<{ sectionIds: number[]; authorIds: number[]; tagIds: number[] }> {
      const missing = async (table: 'sections' | 'authors' | 'tags', wanted: number[]): Promise<number[]> => {
        if (wanted.length === 0) return [];
        const found = new Set((await db.selectFrom(table).select('id').where('id', 'in', wanted).execute()).map((r) => r.id));
        return wanted.filter((id) => !found.has(id));
      };
      return { sectionIds: await missing('sections', refs.sectionIds), authorIds: await missing('authors', refs.authorIds), tagIds: await missing('tags', refs.tagIds) };
    },

    /** Scheduled articles due at `now` (embargo permitting), oldest schedule first, with their versions. */
    async listDue(now: string, limit: number): Promise<{ id: number; version: number }[]> {
      return db
        .selectFrom('articles')
        .select(['id', 'version'])
        .where('status', '=', 'scheduled')
        .where('scheduled_at', 'is not', null)
        .where('scheduled_at', '<=', now)
        .where('deleted_at', 'is', null)
        .where((eb) => eb.or([eb('embargo_until', 'is', null), eb('embargo_until', '<=', now)]))
        .orderBy('scheduled_at')
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    /** Deletes a trashed article for good (links, revisions, redirects and locks go with it). */
    async purge(id: number, expectedVersion: number): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const result = await trx.deleteFrom('articles').where('id', '=', id).where('version', '=', expectedVersion).where('deleted_at', 'is not', null).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
  };
}

export type ArticleWorkflowStore = ReturnType<typeof createArticleWorkflowStore>;
