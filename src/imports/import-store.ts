import type { Kysely } from 'kysely';
import type { ArticleStatus, Database } from '../platform/db/tables.js';
import type { ImportKind } from '../platform/db/tables-imports.js';

/** All SQL of imports: bookkeeping, and batched writes of the imported content. */
export function createImportStore(db: Kysely<Database>) {
  return {
    ...importQueries(db),
    /** Runs `work` in one transaction; the queries it receives see and change only that transaction. */
    async transaction<T>(work: (queries: ImportQueries) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => work(importQueries(trx)));
    },
  };
}

export type ImportStore = ReturnType<typeof createImportStore>;
export type ImportQueries = ReturnType<typeof importQueries>;

export interface SourceKey {
  system: string;
  site: string;
  kind: ImportKind;
}

export interface ArticleWrite {
  slug: string;
  status: ArticleStatus;
  headline: string;
  dek: string;
  seoTitle: string | null;
  seoDescription: string | null;
  bodyJson: string;
  bodyText: string;
  wordCount: number;
  leadImageJson: string | null;
  primarySectionId: number;
  publishedAt: string | null;
  scheduledAt: string | null;
  updatedAt: string;
  authorIds: number[];
  sectionIds: number[];
  tagIds: number[];
}

export interface CommentWrite {
  legacyId: string;
  parentLegacyId: string | null;
  authorName: string;
  authorUrl: string | null;
  body: string;
  status: 'approved' | 'pending';
  createdAt: string;
}

function importQueries(db: Kysely<Database>) {
  return {
    /** The mappings already recorded for these source ids. */
    async findMappings(key: SourceKey, sourceIds: string[]): Promise<Map<string, { localId: number; checksum: string }>> {
      const found = new Map<string, { localId: number; checksum: string }>();
      for (let i = 0; i < sourceIds.length; i += 500) {
        const rows = await db
          .selectFrom('import_items')
          .select(['source_id', 'local_id', 'checksum'])
          .where('source_system', '=', key.system)
          .where('source_site', '=', key.site)
          .where('kind', '=', key.kind)
          .where('source_id', 'in', sourceIds.slice(i, i + 500))
          .execute();
        for (const row of rows) found.set(row.source_id, { localId: row.local_id, checksum: row.checksum });
      }
      return found;
    },

    async saveMapping(key: SourceKey, sourceId: string, localId: number, checksum: string, now: string): Promise<void> {
      await db
        .insertInto('import_items')
        .values({ source_system: key.system, source_site: key.site, kind: key.kind, source_id: sourceId, local_id: localId, checksum, created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(['source_system', 'source_site', 'kind', 'source_id']).doUpdateSet({ local_id: localId, checksum, updated_at: now }))
        .execute();
    },

    async countMappings(key: Omit<SourceKey, 'kind'>): Promise<Record<string, number>> {
      const rows = await db
        .selectFrom('import_items')
        .select((eb) => ['kind', eb.fn.countAll<number | string>().as('n')])
        .where('source_system', '=', key.system)
        .where('source_site', '=', key.site)
        .groupBy('kind')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
    },

    /** True when the local row a mapping points at still exists. */
    async rowExists(kind: 'article' | 'page' | 'section' | 'tag' | 'author', id: number): Promise<boolean> {
      const table = ({ article: 'articles', page: 'pages', section: 'sections', tag: 'tags', author: 'authors' } as const)[kind];
      return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },

    // ------------------------------------------------------------ sections, tags, authors

    async findSectionByPath(path: string): Promise<{ id: number; path: string } | undefined> {
      return db.selectFrom('sections').select(['id', 'path']).where('path', '=', path).executeTakeFirst();
    },
    async findSectionById(id: number): Promise<{ id: number; path: string } | undefined> {
      return db.selectFrom('sections').select(['id', 'path']).where('id', '=', id).executeTakeFirst();
    },
    async insertSection(input: { parentId: number | null; slug: string; path: string; name: string; description: string; now: string }): Promise<number> {
      const last = await db
        .selectFrom('sections')
        .select((eb) => eb.fn.max('position').as('max'))
        .where((eb) => (input.parentId === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', input.parentId)))
        .executeTakeFirst();
      const row = await db
        .insertInto('sections')
        .values({ parent_id: input.parentId, slug: input.slug, path: input.path, name: input.name, description: input.description, position: Number(last?.max ?? -1) + 1, created_at: input.now, updated_at: input.now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async findTagBySlug(slug: string): Promise<number | undefined> {
      return (await db.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
    },
    async insertTag(input: { slug: string; name: string; now: string }): Promise<number> {
      return (await db.insertInto('tags').values({ slug: input.slug, name: input.name, created_at: input.now }).returning('id').executeTakeFirstOrThrow()).id;
    },
    async findAuthorBySlug(slug: string): Promise<number | undefined> {
      return (await db.selectFrom('authors').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
    },
    async insertAuthor(input: { slug: string; name: string; bio: string; now: string }): Promise<number> {
      return (await db.insertInto('authors').values({ slug: input.slug, name: input.name, bio: input.bio, photo_url: null, created_at: input.now, updated_at: input.now }).returning('id').executeTakeFirstOrThrow()).id;
    },

    // ------------------------------------------------------------ articles

    /** True when the slug is an article's or an old slug that redirects. */
    async articleSlugTaken(slug: string): Promise<boolean> {
      if (await db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirst()) return true;
      return (await db.selectFrom('slug_redirects').select('article_id').where('old_slug', '=', slug).executeTakeFirst()) !== undefined;
    },
    async articleSlug(id: number): Promise<string | undefined> {
      return (await db.selectFrom('articles').select('slug').where('id', '=', id).executeTakeFirst())?.slug;
    },

    async insertArticle(input: ArticleWrite, now: string): Promise<number> {
      const row = await db
        .insertInto('articles')
        .values({
          slug: input.slug,
          status: input.status,
          kicker: null,
          headline: input.headline,
          dek: input.dek,
          seo_title: input.seoTitle,
          seo_description: input.seoDescription,
          social_title: null,
          social_description: null,
          body_json: input.bodyJson,
          body_text: input.bodyText,
          word_count: input.wordCount,
          lead_image_json: input.leadImageJson,
          dateline: null,
          primary_section_id: input.primarySectionId,
          published_at: input.publishedAt,
          scheduled_at: input.scheduledAt,
          updated_at: input.updatedAt,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await writeArticleLinks(db, row.id, input);
      return row.id;
    },

    /** Overwrites an imported article with the file's newer content (slug kept) and bumps its version. */
    async updateArticle(id: number, input: Omit<ArticleWrite, 'slug'>): Promise<void> {
      await db
        .updateTable('articles')
        .set((eb) => ({
          status: input.status,
          headline: input.headline,
          dek: input.dek,
          seo_title: input.seoTitle,
          seo_description: input.seoDescription,
          body_json: input.bodyJson,
          body_text: input.bodyText,
          word_count: input.wordCount,
          lead_image_json: input.leadImageJson,
          primary_section_id: input.primarySectionId,
          published_at: input.publishedAt,
          scheduled_at: input.scheduledAt,
          updated_at: input.updatedAt,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .execute();
      await db.deleteFrom('article_authors').where('article_id', '=', id).execute();
      await db.deleteFrom('article_sections').where('article_id', '=', id).execute();
      await db.deleteFrom('article_tags').where('article_id', '=', id).execute();
      await writeArticleLinks(db, id, input);
    },

    async setLeadImage(articleId: number, leadImageJson: string): Promise<void> {
      await db.updateTable('articles').set({ lead_image_json: leadImageJson }).where('id', '=', articleId).execute();
    },

    // ------------------------------------------------------------ pages

    async pageSlugTaken(slug: string): Promise<boolean> {
      return (await db.selectFrom('pages').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
    },
    async pageSlug(id: number): Promise<string | undefined> {
      return (await db.selectFrom('pages').select('slug').where('id', '=', id).executeTakeFirst())?.slug;
    },
    async insertPage(input: { slug: string; title: string; bodyJson: string; status: 'draft' | 'published'; publishedAt: string | null; updatedAt: string }, now: string): Promise<number> {
      return (
        await db
          .insertInto('pages')
          .values({ slug: input.slug, title: input.title, body_json: input.bodyJson, status: input.status, published_at: input.publishedAt, updated_at: input.updatedAt, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    },
    async updatePage(id: number, input: { title: string; bodyJson: string; status: 'draft' | 'published'; publishedAt: string | null; updatedAt: string }): Promise<void> {
      await db.updateTable('pages').set({ title: input.title, body_json: input.bodyJson, status: input.status, published_at: input.publishedAt, updated_at: input.updatedAt }).where('id', '=', id).execute();
    },

    // ------------------------------------------------------------ comments

    /**
     * Inserts or updates the imported comments of one article, keyed by legacy id; replies
     * point at their top-level comment (`parentLegacyId` is already the top-level one).
     * Returns how many were inserted and updated.
     */
    async upsertComments(articleId: number, comments: CommentWrite[], now: string): Promise<{ inserted: number; updated: number }> {
      if (comments.length === 0) return { inserted: 0, updated: 0 };
      const existing = new Map(
        (await db.selectFrom('comments').select(['id', 'legacy_id']).where('article_id', '=', articleId).where('source', '=', 'import').execute()).map((r) => [r.legacy_id ?? '', r.id]),
      );
      let inserted = 0;
      let updated = 0;
      // Top-level comments first, so replies find their parent's id.
      const ordered = [...comments].sort((a, b) => Number(a.parentLegacyId !== null) - Number(b.parentLegacyId !== null));
      for (const c of ordered) {
        const parentId = c.parentLegacyId === null ? null : (existing.get(c.parentLegacyId) ?? null);
        const values = { parent_id: parentId, author_name: c.authorName, author_url: c.authorUrl, body: c.body, status: c.status, created_at: c.createdAt, updated_at: now };
        const id = existing.get(c.legacyId);
        if (id !== undefined) {
          await db.updateTable('comments').set(values).where('id', '=', id).execute();
          updated++;
        } else {
          const row = await db
            .insertInto('comments')
            .values({ ...values, article_id: articleId, reader_id: null, source: 'import', legacy_id: c.legacyId, visitor_hash: null, edited_at: null })
            .returning('id')
            .executeTakeFirstOrThrow();
          existing.set(c.legacyId, row.id);
          inserted++;
        }
      }
      return { inserted, updated };
    },

    // ------------------------------------------------------------ legacy URLs

    async saveLegacyUrls(paths: string[], target: { kind: 'article' | 'page' | 'section'; id: number }, now: string): Promise<void> {
      const unique = [...new Set(paths)];
      if (unique.length === 0) return;
      await db
        .insertInto('legacy_urls')
        .values(unique.map((path) => ({ path, target_kind: target.kind, target_id: target.id, created_at: now })))
        .onConflict((oc) => oc.column('path').doUpdateSet({ target_kind: target.kind, target_id: target.id }))
        .execute();
    },

    /** Where an old path now lives: the target's current slug or section path. */
    async findLegacyTarget(path: string): Promise<{ kind: 'article' | 'page' | 'section'; slug: string; status: string } | undefined> {
      const row = await db.selectFrom('legacy_urls').select(['target_kind', 'target_id']).where('path', '=', path).executeTakeFirst();
      if (!row) return undefined;
      if (row.target_kind === 'article') {
        const a = await db.selectFrom('articles').select(['slug', 'status', 'deleted_at']).where('id', '=', row.target_id).executeTakeFirst();
        return a && a.deleted_at === null ? { kind: 'article', slug: a.slug, status: a.status } : undefined;
      }
      if (row.target_kind === 'page') {
        const p = await db.selectFrom('pages').select(['slug', 'status']).where('id', '=', row.target_id).executeTakeFirst();
        return p ? { kind: 'page', slug: p.slug, status: p.status } : undefined;
      }
      const s = await db.selectFrom('sections').select(['path']).where('id', '=', row.target_id).executeTakeFirst();
      return s ? { kind: 'section', slug: s.path, status: 'published' } : undefined;
    },
  };
}

async function writeArticleLinks(db: Kysely<Database>, articleId: number, input: Pick<ArticleWrite, 'authorIds' | 'sectionIds' | 'tagIds'>): Promise<void> {
  const authors = [...new Set(input.authorIds)];
  const sections = [...new Set(input.sectionIds)];
  const tags = [...new Set(input.tagIds)];
  if (authors.length > 0) await db.insertInto('article_authors').values(authors.map((id, position) => ({ article_id: articleId, author_id: id, position }))).execute();
  if (sections.length > 0) await db.insertInto('article_sections').values(sections.map((id, position) => ({ article_id: articleId, section_id: id, position }))).execute();
  if (tags.length > 0) await db.insertInto('article_tags').values(tags.map((id, position) => ({ article_id: articleId, tag_id: id, position }))).execute();
}
