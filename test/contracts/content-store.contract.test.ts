import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../../src/app-services.js';
import type { AppServices } from '../../src/app-services.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import type { Clock } from '../../src/platform/clock.js';
import { isAppError } from '../../src/platform/errors/app-error.js';
import { markdownToDocument } from '../../src/rich-text/index.js';
import { makeArticle, makeSections } from '../support/factories.js';
import type { SectionIds } from '../support/factories.js';
import { availableDialects, createTestDatabase } from '../support/test-databases.js';

/**
 * The storage contract: every behaviour of the content stores, run on SQLite and on
 * PostgreSQL (PostgreSQL is mandatory in CI). One suite, every dialect.
 */
const dialects = await availableDialects();

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error) ? error.code : error).toBe(code);
}

describe.each(dialects)('content storage on %s', (dialect) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let services: AppServices;
  let sections: SectionIds;
  const fixedNow = new Date('2026-06-01T12:00:00.000Z');
  const clock: Clock = { now: () => fixedNow };

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    services = createAppServices({ db: database.db, clock });
    sections = await makeSections(services, ['world', 'world/asia', 'world/asia/central-asia', 'business', 'culture']);
  });
  afterAll(async () => database.close());

  it('runs the migrations again without applying anything', async () => {
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  describe('settings', () => {
    it('returns defaults, then stores a validated change', async () => {
      expect((await services.settings.getPublication()).name).toBe('Broadsheet');
      const saved = await services.settings.updatePublication({ name: 'The Test Gazette', timeZone: 'Asia/Bishkek' });
      expect(saved).toMatchObject({ name: 'The Test Gazette', timeZone: 'Asia/Bishkek' });
      expect(await services.settings.getPublication()).toEqual(saved);
    });

    it('refuses an unknown time zone and keeps the previous settings', async () => {
      await expectCode(services.settings.updatePublication({ timeZone: 'Mars/Olympus' }), 'SETTINGS_INVALID');
      expect((await services.settings.getPublication()).timeZone).toBe('Asia/Bishkek');
    });
  });

  describe('sections', () => {
    it('builds a tree of any depth with paths and order', async () => {
      const tree = await services.sections.getTree();
      expect(tree.roots.map((s) => s.path)).toEqual(['world', 'business', 'culture']);
      const centralAsia = tree.byPath.get('world/asia/central-asia');
      expect(centralAsia?.depth).toBe(2);
      expect(tree.byPath.get('world/asia')?.children.map((c) => c.slug)).toEqual(['central-asia']);
    });

    it('refuses a duplicate path, a bad slug and a missing parent', async () => {
      await expectCode(services.sections.createSection({ slug: 'world', name: 'World again' }), 'SECTION_PATH_TAKEN');
      await expectCode(services.sections.createSection({ slug: 'Bad Slug', name: 'Bad' }), 'SECTION_SLUG_INVALID');
      await expectCode(services.sections.createSection({ parentPath: 'nowhere', slug: 'x', name: 'X' }), 'SECTION_PARENT_NOT_FOUND');
    });
  });

  describe('authors and tags', () => {
    it('creates and finds authors, refusing a duplicate slug', async () => {
      const author = await services.authors.createAuthor({ slug: 'ada-writer', name: 'Ada Writer', bio: 'Writes.' });
      expect(await services.authors.findAuthor('ada-writer')).toEqual(author);
      await expectCode(services.authors.createAuthor({ slug: 'ada-writer', name: 'Other' }), 'AUTHOR_SLUG_TAKEN');
    });

    it('ensures a tag once however often it is named', async () => {
      const first = await services.tags.ensureTag('Central Banks');
      const second = await services.tags.ensureTag('central banks');
      expect(second.id).toBe(first.id);
      expect(first.slug).toBe('central-banks');
    });
  });

  describe('articles', () => {
    it('stores an article with ordered authors, tags, secondary sections and corrections', async () => {
      const a = await services.authors.createAuthor({ slug: 'first-author', name: 'First Author' });
      const b = await services.authors.createAuthor({ slug: 'second-author', name: 'Second Author' });
      const water = await services.tags.ensureTag('Water');
      const energy = await services.tags.ensureTag('Energy');
      const article = await makeArticle(services, {
        slug: 'river-treaty',
        headline: 'River treaty signed',
        kicker: 'Exclusive',
        primarySectionId: sections['world/asia/central-asia']!,
        secondarySectionIds: [sections.business!],
        authorIds: [b.id, a.id],
        tagIds: [water.id, energy.id],
        dateline: 'BISHKEK',
        corrections: [{ body: 'An earlier version misstated the river’s length.', correctedAt: '2026-01-02T10:00:00Z' }],
      });
      const loaded = await services.articles.getArticle(article.id);
      expect(loaded?.authors.map((x) => x.slug)).toEqual(['second-author', 'first-author']);
      expect(loaded?.tags.map((t) => t.name)).toEqual(['Water', 'Energy']);
      expect(loaded?.secondarySectionIds).toEqual([sections.business]);
      expect(loaded?.corrections).toEqual([{ id: expect.any(Number), body: 'An earlier version misstated the river’s length.', correctedAt: '2026-01-02T10:00:00.000Z' }]);
      expect(loaded?.version).toBe(1);
      expect(loaded?.body.type).toBe('doc');
      expect(loaded?.wordCount).toBeGreaterThan(10);
    });

    it('refuses invalid input with field messages and a taken slug with 409', async () => {
      await expectCode(services.articles.createArticle({ headline: '', body: { type: 'doc', content: [] }, primarySectionId: sections.world! }), 'ARTICLE_INVALID');
      await expectCode(
        services.articles.createArticle({
          headline: 'Evil',
          primarySectionId: sections.world!,
          body: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] },
        }),
        'ARTICLE_INVALID',
      );
      await expectCode(makeArticle(services, { slug: 'river-treaty', primarySectionId: sections.world! }), 'ARTICLE_SLUG_TAKEN');
    });

    it('finds published stories, hides drafts and future ones, and tells gone from missing', async () => {
      await makeArticle(services, { slug: 'a-draft', status: 'draft', publishedAt: null, primarySectionId: sections.world! });
      await makeArticle(services, { slug: 'tomorrow', publishedAt: '2026-06-02T00:00:00Z', primarySectionId: sections.world! });
      const withdrawn = await makeArticle(services, { slug: 'withdrawn', primarySectionId: sections.world! });
      await services.articles.unpublish(withdrawn.id);
      expect((await services.articles.lookupPublished('river-treaty')).kind).toBe('found');
      expect((await services.articles.lookupPublished('a-draft')).kind).toBe('missing');
      expect((await services.articles.lookupPublished('tomorrow')).kind).toBe('missing');
      expect((await services.articles.lookupPublished('withdrawn')).kind).toBe('gone');
      expect((await services.articles.lookupPublished('never-existed')).kind).toBe('missing');
    });

    it('keeps an old slug as a redirect to the current one', async () => {
      const story = await makeArticle(services, { slug: 'old-name', primarySectionId: sections.culture! });
      await services.articles.changeSlug(story.id, 'new-name');
      await services.articles.changeSlug(story.id, 'newest-name');
      expect(await services.articles.lookupPublished('old-name')).toEqual({ kind: 'moved', slug: 'newest-name' });
      expect(await services.articles.lookupPublished('new-name')).toEqual({ kind: 'moved', slug: 'newest-name' });
      expect((await services.articles.getArticle(story.id))?.version).toBe(3);
      await expectCode(services.articles.changeSlug(story.id, 'river-treaty'), 'ARTICLE_SLUG_TAKEN');
    });

    it('lists a section with its subsections and secondary placements, newest first', async () => {
      const asiaIds = [sections['world/asia']!, sections['world/asia/central-asia']!];
      const asia = await services.articles.listPublished({ sectionIds: asiaIds, limit: 50 });
      expect(asia.map((s) => s.slug)).toEqual(['river-treaty']);
      const business = await services.articles.listPublished({ sectionIds: [sections.business!], limit: 50 });
      expect(business.map((s) => s.slug)).toContain('river-treaty');
      const all = await services.articles.listPublished({ limit: 100 });
      const times = all.map((s) => s.publishedAt ?? '');
      expect([...times].sort().reverse()).toEqual(times);
      expect(all.map((s) => s.slug)).not.toContain('a-draft');
      expect(all.map((s) => s.slug)).not.toContain('withdrawn');
    });

    it('filters by tag and author and counts the same set', async () => {
      const water = await services.tags.findTag('water');
      const byTag = await services.articles.listPublished({ tagId: water!.id, limit: 10 });
      expect(byTag.map((s) => s.slug)).toEqual(['river-treaty']);
      const author = await services.authors.findAuthor('first-author');
      expect(await services.articles.countPublished({ authorId: author!.id })).toBe(1);
      expect(byTag[0]?.authors.map((a) => a.name)).toEqual(['Second Author', 'First Author']);
    });

    it('pages through with a keyset cursor without gaps or repeats', async () => {
      for (let i = 0; i < 12; i++) await makeArticle(services, { primarySectionId: sections.culture!, publishedAt: '2026-03-01T00:00:00Z' });
      const seen: number[] = [];
      let cursor: { publishedAt: string; id: number } | undefined;
      for (;;) {
        const page = await services.articles.listPublished({ sectionIds: [sections.culture!], limit: 5, cursor });
        if (page.length === 0) break;
        seen.push(...page.map((s) => s.id));
        const last = page[page.length - 1]!;
        cursor = { publishedAt: last.publishedAt!, id: last.id };
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(await services.articles.countPublished({ sectionIds: [sections.culture!] }));
    });

    it('matches every search word in headline, dek or body, case-insensitively', async () => {
      await makeArticle(services, { headline: 'Glacier melt speeds up', body: markdownToDocument('Scientists measured the **Tien Shan** ice.'), primarySectionId: sections.world! });
      expect((await services.articles.listPublished({ text: ['glacier'], limit: 10 })).map((s) => s.headline)).toEqual(['Glacier melt speeds up']);
      expect(await services.articles.listPublished({ text: ['glacier', 'tien'], limit: 10 })).toHaveLength(1);
      expect(await services.articles.listPublished({ text: ['glacier', 'volcano'], limit: 10 })).toHaveLength(0);
      expect(await services.articles.listPublished({ text: ['100%_'], limit: 10 })).toHaveLength(0);
    });
  });

  describe('pages and content keys', () => {
    it('creates static pages and refuses reserved slugs', async () => {
      await services.pages.createPage({ slug: 'about', title: 'About us', body: markdownToDocument('We report.') });
      expect((await services.pages.findPublished('about'))?.title).toBe('About us');
      await expectCode(services.pages.createPage({ slug: 'articles', title: 'X', body: markdownToDocument('x') }), 'PAGE_SLUG_INVALID');
      await expectCode(services.pages.createPage({ slug: 'about', title: 'X', body: markdownToDocument('x') }), 'PAGE_SLUG_TAKEN');
    });

    it('issues a key that verifies until it is revoked, storing only its hash', async () => {
      const { key, info } = await services.contentKeys.issueKey('partner');
      expect(await services.contentKeys.verifyKey(key)).toBe(true);
      expect(await services.contentKeys.verifyKey(`${key}x`)).toBe(false);
      const rows = await database.db.selectFrom('content_keys').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(key);
      await services.contentKeys.revokeKey(info.id);
      expect(await services.contentKeys.verifyKey(key)).toBe(false);
      await expectCode(services.contentKeys.revokeKey(info.id), 'CONTENT_KEY_NOT_FOUND');
    });
  });
});
