import type { Kysely } from 'kysely';
import { preparedQuery } from '../platform/db/prepared-query.js';
import type { Database } from '../platform/db/tables.js';
import type { RelatedArticleRow, RelatedCurationRow } from '../platform/db/tables-related.js';

/** The stored list of one article, read on every article page (see preparedQuery). */
const relatedListOf = preparedQuery((db: Kysely<Database>, articleId: number) => db.selectFrom('related_articles').selectAll().where('article_id', '=', articleId).orderBy('position'));

/** What the index needs to know of a published story, without its body. */
export interface RelatedStoryMeta {
  id: number;
  headline: string;
  dek: string;
  primarySectionId: number;
  publishedAt: string;
  updatedAt: string;
}

export type NewRelatedRow = Omit<RelatedArticleRow, 'article_id'>;

/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 400;

/** All SQL of related stories: the corpus the index reads, the stored lists, the editors' choices. */
export function createRelatedStore(db: Kysely<Database>) {
  return {
    /** Public stories (published, not in the trash, publication time reached), oldest first. */
    async listPublishedMeta(now: string): Promise<RelatedStoryMeta[]> {
      const rows = await db
        .selectFrom('articles')
        .select(['id', 'headline', 'dek', 'primary_section_id', 'published_at', 'updated_at'])
        .where('status', '=', 'published')
        .where('deleted_at', 'is', null)
        .where('published_at', 'is not', null)
        .where('published_at', '<=', now)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ id: r.id, headline: r.headline, dek: r.dek, primarySectionId: r.primary_section_id, publishedAt: r.published_at ?? r.updated_at, updatedAt: r.updated_at }));
    },

    /** Plain body text of these stories. */
    async loadBodies(ids: number[]): Promise<Map<number, string>> {
      const out = new Map<number, string>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await db.selectFrom('articles').select(['id', 'body_text']).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
        for (const row of rows) out.set(row.id, row.body_text);
      }
      return out;
    },

    /** Tag names of every article, in the article's order. */
    async loadTagNames(): Promise<Map<number, string[]>> {
      const rows = await db.selectFrom('article_tags').innerJoin('tags', 'tags.id', 'article_tags.tag_id').select(['article_tags.article_id as articleId', 'tags.name as name']).orderBy('article_tags.article_id').orderBy('article_tags.position').execute();
      const out = new Map<number, string[]>();
      for (const row of rows) out.set(row.articleId, [...(out.get(row.articleId) ?? []), row.name]);
      return out;
    },

    /** Secondary sections of every article. */
    async loadSecondarySections(): Promise<Map<number, number[]>> {
      const rows = await db.selectFrom('article_sections').select(['article_id', 'section_id']).orderBy('article_id').orderBy('position').execute();
      const out = new Map<number, number[]>();
      for (const row of rows) out.set(row.article_id, [...(out.get(row.article_id) ?? []), row.section_id]);
      return out;
    },

    async loadSections(): Promise<{ id: number; parentId: number | null; name: string }[]> {
      const rows = await db.selectFrom('sections').select(['id', 'parent_id', 'name']).execute();
      return rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name }));
    },

    /** Status of these articles (missing ids are absent). */
    async loadStates(ids: number[]): Promise<Map<number, { status: string; publishedAt: string | null; deletedAt: string | null }>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('articles').select(['id', 'status', 'published_at', 'deleted_at']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, { status: r.status, publishedAt: r.published_at, deletedAt: r.deleted_at }]));
    },

    /** The stored Related list of an article, in page order. */
    async listFor(articleId: number): Promise<RelatedArticleRow[]> {
      return relatedListOf(db, articleId);
    },

    /** The stored lists of these articles (related id, pin flag, reason), for comparing old lists with new ones. */
    async listsOf(articleIds: number[]): Promise<Map<number, Pick<RelatedArticleRow, 'related_id' | 'pinned' | 'reason_json'>[]>> {
      const out = new Map<number, Pick<RelatedArticleRow, 'related_id' | 'pinned' | 'reason_json'>[]>();
      for (let i = 0; i < articleIds.length; i += CHUNK) {
        const rows = await db.selectFrom('related_articles').select(['article_id', 'related_id', 'pinned', 'reason_json']).where('article_id', 'in', articleIds.slice(i, i + CHUNK)).orderBy('article_id').orderBy('position').execute();
        for (const row of rows) out.set(row.article_id, [...(out.get(row.article_id) ?? []), row]);
      }
      return out;
    },

    /** Articles whose Related list shows `relatedId`. */
    async articlesShowing(relatedId: number): Promise<number[]> {
      const rows = await db.selectFrom('related_articles').select('article_id').where('related_id', '=', relatedId).execute();
      return rows.map((r) => r.article_id);
    },

    /** Replaces the lists of these articles (an empty list deletes), all in one transaction. */
    async replaceLists(lists: Map<number, NewRelatedRow[]>): Promise<void> {
      if (lists.size === 0) return;
      await db.transaction().execute(async (trx) => {
        const ids = [...lists.keys()];
        for (let i = 0; i < ids.length; i += CHUNK) await trx.deleteFrom('related_articles').where('article_id', 'in', ids.slice(i, i + CHUNK)).execute();
        const rows = [...lists].flatMap(([articleId, list]) => list.map((row) => ({ ...row, article_id: articleId })));
        for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto('related_articles').values(rows.slice(i, i + CHUNK)).execute();
      });
    },

    /** Deletes the lists of every article not in `keep` (stories that are no longer public). */
    async deleteListsExcept(keep: Set<number>): Promise<number> {
      const rows = await db.selectFrom('related_articles').select('article_id').distinct().execute();
      const gone = rows.map((r) => r.article_id).filter((id) => !keep.has(id));
      for (let i = 0; i < gone.length; i += CHUNK) await db.deleteFrom('related_articles').where('article_id', 'in', gone.slice(i, i + CHUNK)).execute();
      return gone.length;
    },

    /** Pins (in order) and excludes of one article. */
    async curationOf(articleId: number): Promise<RelatedCurationRow[]> {
      return db.selectFrom('related_curation').selectAll().where('article_id', '=', articleId).orderBy('kind').orderBy('position').execute();
    },

    /** Every article's pins and excludes. */
    async allCuration(): Promise<RelatedCurationRow[]> {
      return db.selectFrom('related_curation').selectAll().orderBy('article_id').orderBy('kind').orderBy('position').execute();
    },

    /**
     * Sets the pins or the excludes of an article to `ids` (in order). A story named here stops
     * being in the other list: the editor's latest word wins.
     */
    async replaceCuration(input: { articleId: number; kind: 'pin' | 'exclude'; ids: number[]; userId: number | null; now: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('related_curation').where('article_id', '=', input.articleId).where('kind', '=', input.kind).execute();
        if (input.ids.length === 0) return;
        await trx.deleteFrom('related_curation').where('article_id', '=', input.articleId).where('related_id', 'in', input.ids).execute();
        await trx
          .insertInto('related_curation')
          .values(input.ids.map((id, position) => ({ article_id: input.articleId, related_id: id, kind: input.kind, position, created_by: input.userId, created_at: input.now })))
          .execute();
      });
    },
  };
}

export type RelatedStore = ReturnType<typeof createRelatedStore>;
