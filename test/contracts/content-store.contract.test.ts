import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../../src/app-services.js';
import type { AppServices } from '../../src/app-services.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import type { Clock } from '../../src/platform/clock.js';
import { isAppError } from '../../src/platform/errors/app-error.js';
import type { StaffPrincipal } from '../../src/platform/http/staff-principal.js';
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
  await expectError(promise, code);
}

/** Awaits a refusal with `code` and returns its `fields` (for asserting which field is named). */
async function expectError(promise: Promise<unknown>, code: string): Promise<Record<string, string>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAppError(error) ? error.code : error).toBe(code);
  return isAppError(error) ? (error.fields ?? {}) : {};
}

const editor: StaffPrincipal = { userId: 7, email: 'eve@newsroom.test', name: 'Eve Editor', role: 'editor', authorId: null, isOwner: false, via: 'session' };

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

  describe('editing sections', () => {
    let by: { actor: StaffPrincipal; audit: AppServices['audit'] };
    beforeAll(() => {
      by = { actor: editor, audit: services.audit };
    });
    const pathsOf = async (ids: number[]) => {
      const tree = await services.sections.getTree();
      return ids.map((id) => tree.byId.get(id)?.path);
    };

    it('creates under a parent id, last among siblings unless a position is given', async () => {
      const desk = await services.sections.createSection({ slug: 'desk', name: 'Desk' }, by);
      const b = await services.sections.createSection({ parentId: desk.id, slug: 'b', name: 'B' }, by);
      const c = await services.sections.createSection({ parentId: desk.id, slug: 'c', name: 'C' }, by);
      const a = await services.sections.createSection({ parentId: desk.id, slug: 'a', name: 'A', position: 0 }, by);
      expect(a).toMatchObject({ path: 'desk/a', parentId: desk.id, depth: 1 });
      const tree = await services.sections.getTree();
      expect(tree.byId.get(desk.id)?.children.map((s) => s.id)).toEqual([a.id, b.id, c.id]);
      const [entry] = await services.audit.list({ objectType: 'section', objectId: String(a.id), limit: 5 });
      expect(entry).toMatchObject({ action: 'section.create', actorUserId: 7, actor: 'Eve Editor <eve@newsroom.test>' });
    });

    it('names the bad field when input is invalid', async () => {
      const fields = await expectError(services.sections.createSection({ slug: 'ok-slug', name: '' }, by), 'SECTION_INVALID');
      expect(Object.keys(fields)).toEqual(['name']);
      expect(await expectError(services.sections.createSection({ slug: 'Nope', name: 'N' }, by), 'SECTION_SLUG_INVALID')).toHaveProperty('slug');
      expect(await expectError(services.sections.createSection({ parentId: 999_999, slug: 'orphan', name: 'O' }, by), 'SECTION_PARENT_NOT_FOUND')).toHaveProperty('parent_id');
    });

    it('renames a slug and rewrites the path of the section and every descendant', async () => {
      const ids = await makeSections(services, ['metro', 'metro/north', 'metro/north/docks', 'metro/south']);
      const renamed = await services.sections.updateSection(ids.metro!, { slug: 'city', name: 'City' }, by);
      expect(renamed).toMatchObject({ slug: 'city', name: 'City', path: 'city' });
      expect(await pathsOf([ids['metro/north']!, ids['metro/north/docks']!, ids['metro/south']!])).toEqual(['city/north', 'city/north/docks', 'city/south']);
      const [entry] = await services.audit.list({ objectType: 'section', objectId: String(ids.metro), limit: 1 });
      expect(entry).toMatchObject({ action: 'section.update', details: { old_path: 'metro', new_path: 'city', descendants: 3 } });
    });

    it('refuses a slug whose path another section has, changing nothing', async () => {
      const ids = await makeSections(services, ['north-desk', 'north-desk/one', 'north-desk/two']);
      const fields = await expectError(services.sections.updateSection(ids['north-desk/two']!, { slug: 'one', name: 'Renamed' }, by), 'SECTION_PATH_TAKEN');
      expect(fields).toHaveProperty('slug');
      expect((await services.sections.getSection(ids['north-desk/two']!)).name).toBe('Two');
    });

    it('refuses to make a section its own ancestor', async () => {
      const ids = await makeSections(services, ['loop', 'loop/inner', 'loop/inner/core']);
      expect(await expectError(services.sections.moveSection(ids.loop!, { parentId: ids.loop! }, by), 'SECTION_CYCLE')).toHaveProperty('parent_id');
      await expectCode(services.sections.moveSection(ids.loop!, { parentId: ids['loop/inner/core']! }, by), 'SECTION_CYCLE');
      await expectCode(services.sections.moveSection(ids['loop/inner']!, { parentId: ids['loop/inner/core']! }, by), 'SECTION_CYCLE');
      expect(await pathsOf([ids.loop!, ids['loop/inner']!, ids['loop/inner/core']!])).toEqual(['loop', 'loop/inner', 'loop/inner/core']);
    });

    it('moves a section with its subtree under another parent, and back to the top', async () => {
      const ids = await makeSections(services, ['arts', 'arts/film', 'arts/film/reviews', 'leisure', 'leisure/games']);
      const moved = await services.sections.moveSection(ids['arts/film']!, { parentId: ids.leisure!, position: 0 }, by);
      expect(moved).toMatchObject({ path: 'leisure/film', parentId: ids.leisure, depth: 1 });
      expect(await pathsOf([ids['arts/film/reviews']!])).toEqual(['leisure/film/reviews']);
      const tree = await services.sections.getTree();
      expect(tree.byId.get(ids.leisure!)?.children.map((s) => s.slug)).toEqual(['film', 'games']);
      const top = await services.sections.moveSection(ids['arts/film']!, { parentId: null }, by);
      expect(top).toMatchObject({ path: 'film', parentId: null, depth: 0 });
      expect(await pathsOf([ids['arts/film/reviews']!])).toEqual(['film/reviews']);
    });

    it('reorders siblings by a list of ids, which must name each exactly once', async () => {
      const ids = await makeSections(services, ['order', 'order/one', 'order/two', 'order/three']);
      const [one, two, three] = [ids['order/one']!, ids['order/two']!, ids['order/three']!];
      const ordered = await services.sections.reorderSections({ parentId: ids.order!, ids: [three, one, two] }, by);
      expect(ordered.map((s) => s.slug)).toEqual(['three', 'one', 'two']);
      expect((await services.sections.getTree()).byId.get(ids.order!)?.children.map((s) => s.id)).toEqual([three, one, two]);
      await expectCode(services.sections.reorderSections({ parentId: ids.order!, ids: [three, one] }, by), 'SECTION_ORDER_INVALID');
      await expectCode(services.sections.reorderSections({ parentId: ids.order!, ids: [three, one, ids.order!] }, by), 'SECTION_ORDER_INVALID');
      await expectCode(services.sections.reorderSections({ parentId: ids.order!, ids: [three, one, one] }, by), 'SECTION_INVALID');
      const roots = (await services.sections.getTree()).roots.map((s) => s.id).reverse();
      expect((await services.sections.reorderSections({ parentId: null, ids: roots }, by)).map((s) => s.id)).toEqual(roots);
    });

    it('refuses to delete a section whose subtree holds articles, or that has subsections', async () => {
      const ids = await makeSections(services, ['gone', 'gone/primary', 'gone/empty', 'elsewhere']);
      await makeArticle(services, { primarySectionId: ids['gone/primary']!, status: 'draft', publishedAt: null });
      await makeArticle(services, { primarySectionId: ids.elsewhere!, secondarySectionIds: [ids['gone/primary']!] });
      await expectCode(services.sections.deleteSection(ids['gone/primary']!, by), 'SECTION_NOT_EMPTY');
      await expectCode(services.sections.deleteSection(ids.gone!, by), 'SECTION_NOT_EMPTY');
      const error = await services.sections.deleteSection(ids.gone!, by).catch((e: unknown) => e);
      expect(isAppError(error) && error.detail).toContain('2 articles');
      await expectCode(services.sections.deleteSection(ids.elsewhere!, by), 'SECTION_NOT_EMPTY');
      const counts = (await services.sections.getTreeWithArticleCounts()).articleCounts;
      expect(counts.get(ids['gone/primary']!)).toBe(2);
      await services.sections.deleteSection(ids['gone/empty']!, by);
      expect((await services.sections.getTree()).byId.has(ids['gone/empty']!)).toBe(false);
      await expectCode(services.sections.deleteSection(ids['gone/empty']!, by), 'SECTION_NOT_FOUND');
      const parent = await makeSections(services, ['hollow', 'hollow/inside']);
      await expectCode(services.sections.deleteSection(parent.hollow!, by), 'SECTION_HAS_CHILDREN');
    });
  });

  describe('editing authors, tags, pages and settings', () => {
    let by: { actor: StaffPrincipal; audit: AppServices['audit'] };
    beforeAll(() => {
      by = { actor: editor, audit: services.audit };
    });

    it('updates an author, refusing a taken slug and a bad photo URL by field', async () => {
      const author = await services.authors.createAuthor({ slug: 'sam-stringer', name: 'Sam Stringer' }, by);
      await services.authors.createAuthor({ slug: 'taken-name', name: 'Taken' });
      const updated = await services.authors.updateAuthor(author.id, { slug: 'sam-s', bio: 'Files from the docks.', photoUrl: '/media/sam.jpg' }, by);
      expect(updated).toEqual({ id: author.id, slug: 'sam-s', name: 'Sam Stringer', bio: 'Files from the docks.', photoUrl: '/media/sam.jpg' });
      expect(await services.authors.findAuthor('sam-stringer')).toBeUndefined();
      expect(await expectError(services.authors.updateAuthor(author.id, { slug: 'taken-name' }, by), 'AUTHOR_SLUG_TAKEN')).toHaveProperty('slug');
      expect(await expectError(services.authors.updateAuthor(author.id, { photoUrl: 'javascript:alert(1)' }, by), 'AUTHOR_INVALID')).toHaveProperty('photo_url');
      await expectCode(services.authors.updateAuthor(999_999, { name: 'Nobody' }, by), 'AUTHOR_NOT_FOUND');
    });

    it('deletes an author only when no article carries their byline', async () => {
      const busy = await services.authors.createAuthor({ slug: 'busy-writer', name: 'Busy Writer' });
      const idle = await services.authors.createAuthor({ slug: 'idle-writer', name: 'Idle Writer' });
      await makeArticle(services, { primarySectionId: sections.world!, authorIds: [busy.id], status: 'draft', publishedAt: null });
      await expectCode(services.authors.deleteAuthor(busy.id, by), 'AUTHOR_HAS_ARTICLES');
      await services.authors.deleteAuthor(idle.id, by);
      expect(await services.authors.findAuthor('idle-writer')).toBeUndefined();
      const [entry] = await services.audit.list({ objectType: 'author', objectId: String(idle.id), limit: 1 });
      expect(entry?.action).toBe('author.delete');
    });

    it('creates and renames tags, keeping the slug unless a new one is given', async () => {
      const tag = await services.tags.createTag({ name: 'Ports' }, by);
      expect(tag.slug).toBe('ports');
      await expectCode(services.tags.createTag({ name: 'PORTS' }, by), 'TAG_SLUG_TAKEN');
      expect(await services.tags.updateTag(tag.id, { name: 'Ports and harbours' }, by)).toEqual({ id: tag.id, slug: 'ports', name: 'Ports and harbours' });
      expect((await services.tags.updateTag(tag.id, { slug: 'harbours' }, by)).slug).toBe('harbours');
      expect(await expectError(services.tags.updateTag(tag.id, { name: ' ' }, by), 'TAG_NAME_INVALID')).toHaveProperty('name');
    });

    it('merges one tag into another in one go: links move, duplicates collapse, the old tag goes', async () => {
      const from = await services.tags.createTag({ name: 'Shipping news' }, by);
      const into = await services.tags.createTag({ name: 'Shipping' }, by);
      const other = await services.tags.ensureTag('Fishing');
      const onlyFrom = await makeArticle(services, { primarySectionId: sections.business!, tagIds: [other.id, from.id] });
      const both = await makeArticle(services, { primarySectionId: sections.business!, tagIds: [from.id, into.id] });
      await expectCode(services.tags.mergeTag(from.id, { intoId: from.id }, by), 'TAG_MERGE_SELF');
      await expectCode(services.tags.mergeTag(from.id, { intoId: 999_999 }, by), 'TAG_MERGE_TARGET_NOT_FOUND');
      const survivor = await services.tags.mergeTag(from.id, { intoId: into.id }, by);
      expect(survivor.id).toBe(into.id);
      expect((await services.articles.getArticle(onlyFrom.id))?.tags.map((t) => t.slug)).toEqual(['fishing', 'shipping']);
      expect((await services.articles.getArticle(both.id))?.tags.map((t) => t.slug)).toEqual(['shipping']);
      expect(await services.tags.findTag('shipping-news')).toBeUndefined();
      const counts = await services.tags.listTagsWithArticleCounts();
      expect(counts.find((c) => c.tag.id === into.id)?.articleCount).toBe(2);
      const [entry] = await services.audit.list({ objectType: 'tag', objectId: String(from.id), limit: 1 });
      expect(entry).toMatchObject({ action: 'tag.merge', details: { into_id: into.id, articles_moved: 1 } });
    });

    it('deletes a tag and its links to articles', async () => {
      const tag = await services.tags.createTag({ name: 'Ephemeral' }, by);
      const story = await makeArticle(services, { primarySectionId: sections.culture!, tagIds: [tag.id] });
      await services.tags.deleteTag(tag.id, by);
      expect((await services.articles.getArticle(story.id))?.tags).toEqual([]);
      await expectCode(services.tags.deleteTag(tag.id, by), 'TAG_NOT_FOUND');
    });

    it('creates a page from Markdown, publishes, unpublishes, renames and deletes it', async () => {
      const draft = await services.pages.createPage({ slug: 'ethics', title: 'Ethics', bodyMarkdown: 'We **correct** mistakes.', status: 'draft' }, by);
      expect(draft).toMatchObject({ status: 'draft', publishedAt: null });
      expect(draft.body.content[0]).toMatchObject({ type: 'paragraph' });
      expect(await services.pages.findPublished('ethics')).toBeUndefined();
      const published = await services.pages.updatePage(draft.id, { status: 'published' }, by);
      expect(published.publishedAt).toBe(fixedNow.toISOString());
      expect((await services.pages.findPublished('ethics'))?.title).toBe('Ethics');
      const renamed = await services.pages.updatePage(draft.id, { slug: 'standards', body: markdownToDocument('New text.') }, by);
      expect(await services.pages.findPublished('ethics')).toBeUndefined();
      expect((await services.pages.findPublished('standards'))?.body).toEqual(renamed.body);
      expect((await services.pages.updatePage(draft.id, { status: 'draft' }, by)).publishedAt).toBeNull();
      expect((await services.pages.listPages()).map((p) => p.slug)).toContain('standards');
      const actions = (await services.audit.list({ objectType: 'page', objectId: String(draft.id), limit: 10 })).map((e) => e.action);
      expect(actions).toEqual(['page.unpublish', 'page.update', 'page.publish', 'page.create']);
      await services.pages.deletePage(draft.id, by);
      await expectCode(services.pages.getPage(draft.id), 'PAGE_NOT_FOUND');
    });

    it('refuses a page with an unsafe body, a reserved or taken slug, or two bodies, naming the field', async () => {
      const evil = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] };
      const fields = await expectError(services.pages.createPage({ slug: 'evil', title: 'Evil', body: evil as never }, by), 'PAGE_INVALID');
      expect(Object.keys(fields)[0]).toMatch(/^body\./);
      await expectCode(services.pages.createPage({ slug: 'search', title: 'S', bodyMarkdown: 'x' }, by), 'PAGE_SLUG_INVALID');
      await expectCode(services.pages.createPage({ slug: 'about', title: 'A', bodyMarkdown: 'x' }, by), 'PAGE_SLUG_TAKEN');
      expect(await expectError(services.pages.createPage({ slug: 'both', title: 'B', bodyMarkdown: 'x', body: markdownToDocument('y') }, by), 'PAGE_INVALID')).toHaveProperty('body');
    });

    it('updates settings in a transaction, audit-logs the changed fields and names bad ones in snake_case', async () => {
      const saved = await services.settings.updatePublication({ logoUrl: '/media/logo.png', description: 'Local news.' }, by);
      expect(saved).toMatchObject({ logoUrl: '/media/logo.png', description: 'Local news.', name: 'The Test Gazette' });
      const [entry] = await services.audit.list({ objectType: 'settings', limit: 1 });
      expect(entry).toMatchObject({ action: 'settings.update', details: { changed: ['description', 'logo_url'] } });
      expect(await expectError(services.settings.updatePublication({ logoUrl: 'javascript:alert(1)' }, by), 'SETTINGS_INVALID')).toHaveProperty('logo_url');
      expect(await expectError(services.settings.updatePublication({ timeZone: 'Nowhere/Else' }, by), 'SETTINGS_INVALID')).toHaveProperty('time_zone');
      expect((await services.settings.getPublication()).logoUrl).toBe('/media/logo.png');
    });
  });
});
