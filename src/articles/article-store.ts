import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import { preparedQuery } from '../platform/db/prepared-query.js';
import type { ArticleRevisionsTable, ArticleRow, ArticleStatus, AuthorRow, CorrectionRow, Database, NewArticleRow, TagRow } from '../platform/db/tables.js';

/** Columns a list needs; the body stays in the database. */
const SUMMARY_COLUMNS = [
  'id', 'slug', 'status', 'kicker', 'headline', 'dek', 'lead_image_json', 'dateline',
  'primary_section_id', 'published_at', 'updated_at', 'word_count',
] as const;

export type ArticleSummaryRow = Pick<ArticleRow, (typeof SUMMARY_COLUMNS)[number]>;

// The queries every article page runs, compiled once (see preparedQuery).
const summariesByIds = preparedQuery((db: Kysely<Database>, ids: number[]) => db.selectFrom('articles').select([...SUMMARY_COLUMNS, 'deleted_at']).where('id', 'in', ids));
const articleBySlug = preparedQuery((db: Kysely<Database>, slug: string) => db.selectFrom('articles').selectAll().where('slug', '=', slug));
const authorsOf = preparedQuery((db: Kysely<Database>, articleIds: number[]) =>
  db
    .selectFrom('article_authors')
    .innerJoin('authors', 'authors.id', 'article_authors.author_id')
    .selectAll('authors')
    .select('article_authors.article_id')
    .where('article_authors.article_id', 'in', articleIds)
    .orderBy('article_authors.article_id')
    .orderBy('article_authors.position'),
);
const tagsOf = preparedQuery((db: Kysely<Database>, articleIds: number[]) =>
  db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .selectAll('tags')
    .select('article_tags.article_id')
    .where('article_tags.article_id', 'in', articleIds)
    .orderBy('article_tags.article_id')
    .orderBy('article_tags.position'),
);
const sectionsOf = preparedQuery((db: Kysely<Database>, articleIds: number[]) =>
  db.selectFrom('article_sections').select(['article_id', 'section_id']).where('article_id', 'in', articleIds).orderBy('article_id').orderBy('position'),
);
const correctionsOf = preparedQuery((db: Kysely<Database>, articleIds: number[]) =>
  db.selectFrom('corrections').selectAll().where('article_id', 'in', articleIds).orderBy('article_id').orderBy('corrected_at').orderBy('id'),
);

/** Which published stories a list shows. */
export interface PublishedFilter {
  /** Stories whose primary or secondary section is one of these. */
  sectionIds?: number[] | undefined;
  tagId?: number | undefined;
  authorId?: number | undefined;
  /** Every one of these words must appear in the headline, dek or body. */
  text?: string[] | undefined;
  /** Only stories published at or before this time (ISO). */
  publishedBefore: string;
}

/** Keyset position: the list continues after this story. */
export interface ArticleCursor {
  publishedAt: string;
  id: number;
}

/** A revision row to write in the same transaction as the change it records. */
export type NewArticleRevision = Omit<Insertable<ArticleRevisionsTable>, 'id' | 'article_id'>;

export interface ArticleRelations {
  authors: Map<number, AuthorRow[]>;
  tags: Map<number, TagRow[]>;
  sections: Map<number, number[]>;
  corrections: Map<number, CorrectionRow[]>;
}

/** All SQL for articles, their links, corrections and slug redirects. */
export function createArticleStore(db: Kysely<Database>) {
  function publishedQuery(filter: PublishedFilter) {
    let query = db
      .selectFrom('articles')
      .where('articles.status', '=', 'published')
      .where('articles.published_at', 'is not', null)
      .where('articles.published_at', '<=', filter.publishedBefore)
      .where('articles.deleted_at', 'is', null);
    const sectionIds = filter.sectionIds;
    if (sectionIds) {
      if (sectionIds.length === 0) return query.where((eb) => eb.val(1), '=', 0);
      query = query.where((eb) =>
        eb.or([
          eb('articles.primary_section_id', 'in', sectionIds),
          eb('articles.id', 'in', eb.selectFrom('article_sections').select('article_id').where('section_id', 'in', sectionIds)),
        ]),
      );
    }
    if (filter.tagId !== undefined) {
      const tagId = filter.tagId;
      query = query.where('articles.id', 'in', db.selectFrom('article_tags').select('article_id').where('tag_id', '=', tagId));
    }
    if (filter.text !== undefined) {
      // Plain substring match on each word; the discovery work replaces this with FTS5 / tsvector ranking.
      for (const word of filter.text) {
        // LIKE wildcards are dropped rather than escaped: SQLite has no default escape character.
        const pattern = `%${word.toLowerCase().replace(/[\\%_]/g, '')}%`;
        query = query.where((eb) =>
          eb.or([
            eb(eb.fn('lower', ['articles.headline']), 'like', pattern),
            eb(eb.fn('lower', ['articles.dek']), 'like', pattern),
            eb(eb.fn('lower', ['articles.body_text']), 'like', pattern),
          ]),
        );
      }
    }
    if (filter.authorId !== undefined) {
      const authorId = filter.authorId;
      query = query.where('articles.id', 'in', db.selectFrom('article_authors').select('article_id').where('author_id', '=', authorId));
    }
    return query;
  }

  return {
    /** Inserts an article with its authors, sections, tags, corrections and first revision in one transaction. */
    async insert(input: {
      row: Omit<NewArticleRow, 'id' | 'version'>;
      authorIds: number[];
      sectionIds: number[];
      tagIds: number[];
      corrections: { body: string; correctedAt: string }[];
      /** The first revision (version 1); the newsroom's drafts have one, imports may not. */
      revision?: NewArticleRevision;
    }): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const { id } = await trx.insertInto('articles').values({ ...input.row, version: 1 }).returning('id').executeTakeFirstOrThrow();
        if (input.authorIds.length > 0) {
          await trx.insertInto('article_authors').values(input.authorIds.map((authorId, position) => ({ article_id: id, author_id: authorId, position }))).execute();
        }
        if (input.sectionIds.length > 0) {
          await trx.insertInto('article_sections').values(input.sectionIds.map((sectionId, position) => ({ article_id: id, section_id: sectionId, position }))).execute();
        }
        if (input.tagIds.length > 0) {
          await trx.insertInto('article_tags').values(input.tagIds.map((tagId, position) => ({ article_id: id, tag_id: tagId, position }))).execute();
        }
        if (input.corrections.length > 0) {
          await trx.insertInto('corrections').values(input.corrections.map((c) => ({ article_id: id, body: c.body, corrected_at: c.correctedAt }))).execute();
        }
        if (input.revision) await trx.insertInto('article_revisions').values({ ...input.revision, article_id: id }).execute();
        return id;
      });
    },

    async findById(id: number): Promise<ArticleRow | undefined> {
      return db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Full rows of the articles among `ids` (deleted ones included), in no particular order. */
    async findByIds(ids: readonly number[]): Promise<ArticleRow[]> {
      if (ids.length === 0) return [];
      return db.selectFrom('articles').selectAll().where('id', 'in', [...ids]).execute();
    },

    /** Summary columns of the live (not deleted) articles among `ids`, in no particular order. */
    async findSummariesByIds(ids: readonly number[]): Promise<(ArticleSummaryRow & { deleted_at: string | null })[]> {
      if (ids.length === 0) return [];
      return summariesByIds(db, [...ids]);
    },

    async findBySlug(slug: string): Promise<ArticleRow | undefined> {
      return (await articleBySlug(db, slug))[0];
    },

    /** The article an old slug now points to, if that slug was ever changed. */
    async findRedirect(oldSlug: string): Promise<number | undefined> {
      const row = await db.selectFrom('slug_redirects').select('article_id').where('old_slug', '=', oldSlug).executeTakeFirst();
      return row?.article_id;
    },

    /** Loads authors, tags, secondary sections and corrections of several articles in four queries. */
    async loadRelations(articleIds: number[], include: { tags: boolean; sections: boolean; corrections: boolean }): Promise<ArticleRelations> {
      const relations: ArticleRelations = { authors: new Map(), tags: new Map(), sections: new Map(), corrections: new Map() };
      if (articleIds.length === 0) return relations;
      const push = <T>(map: Map<number, T[]>, key: number, value: T): void => {
        const list = map.get(key);
        if (list) list.push(value);
        else map.set(key, [value]);
      };
      // Side by side: on PostgreSQL each is a round trip (on SQLite they run one after another anyway).
      const [authorRows, tagRows, sectionRows, correctionRows] = await Promise.all([
        authorsOf(db, articleIds),
        include.tags ? tagsOf(db, articleIds) : [],
        include.sections ? sectionsOf(db, articleIds) : [],
        include.corrections ? correctionsOf(db, articleIds) : [],
      ]);
      for (const { article_id, ...author } of authorRows) push(relations.authors, article_id, author);
      for (const { article_id, ...tag } of tagRows) push(relations.tags, article_id, tag);
      for (const row of sectionRows) push(relations.sections, row.article_id, row.section_id);
      for (const row of correctionRows) push(relations.corrections, row.article_id, row);
      return relations;
    },

    /** Published stories newest first, after `cursor` or from `offset`. */
    async listPublished(filter: PublishedFilter, page: { limit: number; offset?: number; cursor?: ArticleCursor | undefined }): Promise<ArticleSummaryRow[]> {
      let query = publishedQuery(filter).select(SUMMARY_COLUMNS.map((c) => `articles.${c}` as const));
      const cursor = page.cursor;
      if (cursor) {
        query = query.where((eb) =>
          eb.or([
            eb('articles.published_at', '<', cursor.publishedAt),
            eb.and([eb('articles.published_at', '=', cursor.publishedAt), eb('articles.id', '<', cursor.id)]),
          ]),
        );
      }
      query = query.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(page.limit);
      if (page.offset) query = query.offset(page.offset);
      return query.execute();
    },

    /** Published stories with `from <= published_at < until`, newest first (sitemaps read by month and by the last 48 hours). */
    async listPublishedInRange(filter: PublishedFilter, range: { from: string; until: string; limit: number }): Promise<ArticleSummaryRow[]> {
      return publishedQuery(filter)
        .select(SUMMARY_COLUMNS.map((c) => `articles.${c}` as const))
        .where('articles.published_at', '>=', range.from)
        .where('articles.published_at', '<', range.until)
        .orderBy('articles.published_at', 'desc')
        .orderBy('articles.id', 'desc')
        .limit(range.limit)
        .execute();
    },

    /** Only what a sitemap needs (no bylines, no text), for whole months of stories at once. */
    async listSitemapRowsInRange(filter: PublishedFilter, range: { from: string; until: string; limit: number }): Promise<Pick<ArticleRow, 'id' | 'slug' | 'lead_image_json' | 'published_at' | 'updated_at'>[]> {
      return publishedQuery(filter)
        .select(['articles.id', 'articles.slug', 'articles.lead_image_json', 'articles.published_at', 'articles.updated_at'])
        .where('articles.published_at', '>=', range.from)
        .where('articles.published_at', '<', range.until)
        .orderBy('articles.published_at', 'desc')
        .orderBy('articles.id', 'desc')
        .limit(range.limit)
        .execute();
    },

    /** Months (YYYY-MM, UTC) that hold published stories, newest first, with how many each holds. */
    async listPublishedMonths(filter: PublishedFilter): Promise<{ month: string; count: number }[]> {
      // published_at is ISO 8601 UTC text in both dialects, so its first 7 characters are the month.
      // Literal arguments keep PostgreSQL's GROUP BY matching the selected expression.
      const month = sql<string>`substr(articles.published_at, ${sql.lit(1)}, ${sql.lit(7)})`;
      const rows = await publishedQuery(filter)
        .select([month.as('month'), (eb) => eb.fn.countAll<number>().as('count')])
        .groupBy(month)
        .orderBy(month, 'desc')
        .execute();
      return rows.map((row) => ({ month: row.month, count: Number(row.count) }));
    },

    async countPublished(filter: PublishedFilter): Promise<number> {
      const row = await publishedQuery(filter).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** Changes a slug, keeping the old one as a redirect; a redirect that pointed at the new slug is dropped. */
    async changeSlug(input: { id: number; oldSlug: string; newSlug: string; now: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('slug_redirects').where('old_slug', '=', input.newSlug).execute();
        await trx
          .insertInto('slug_redirects')
          .values({ old_slug: input.oldSlug, article_id: input.id, created_at: input.now })
          .onConflict((oc) => oc.column('old_slug').doUpdateSet({ article_id: input.id, created_at: input.now }))
          .execute();
        await trx
          .updateTable('articles')
          .set((eb) => ({ slug: input.newSlug, updated_at: input.now, version: eb('version', '+', 1) }))
          .where('id', '=', input.id)
          .execute();
      });
    },

    async setStatus(input: { id: number; status: ArticleStatus; now: string }): Promise<void> {
      await db
        .updateTable('articles')
        .set((eb) => ({ status: input.status, updated_at: input.now, version: eb('version', '+', 1) }))
        .where('id', '=', input.id)
        .execute();
    },

    async slugExists(slug: string): Promise<boolean> {
      const row = await db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirst();
      if (row) return true;
      return (await db.selectFrom('slug_redirects').select('article_id').where('old_slug', '=', slug).executeTakeFirst()) !== undefined;
    },

    async countAll(): Promise<number> {
      const row = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}

export type ArticleStore = ReturnType<typeof createArticleStore>;
