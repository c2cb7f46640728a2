import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../../src/app-services.js';
import type { AppServices } from '../../src/app-services.js';
import type { Clock } from '../../src/platform/clock.js';
import type { StaffPrincipal } from '../../src/platform/http/staff-principal.js';
import { markdownToDocument } from '../../src/rich-text/index.js';
import { createSearchIndex, MAX_SEARCH_DEPTH, parseSearchQuery } from '../../src/search/index.js';
import type { SearchRequest } from '../../src/search/index.js';
import { makeArticle, makeSections } from '../support/factories.js';
import type { SectionIds } from '../support/factories.js';
import { NASTY_QUERIES } from '../support/nasty-queries.js';
import { availableDialects, createTestDatabase, SERVICES_REQUIRED } from '../support/test-databases.js';

/**
 * The search contract: one suite for the SearchIndex port, run against the SQLite FTS5 adapter
 * and the PostgreSQL full-text adapter through the search service (the same path the reader
 * site and the Content API use).
 */
const dialects = await availableDialects();

const admin: StaffPrincipal = { userId: 1, email: 'ada@newsroom.test', name: 'Ada Admin', role: 'admin', authorId: null, isOwner: true, via: 'session' };

describe.each(dialects)('search on %s', (dialect) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let services: AppServices;
  let sections: SectionIds;
  let now = new Date('2026-06-01T12:00:00.000Z');
  const clock: Clock = { now: () => now };
  const ids: Record<string, number> = {};
  let authorA: number;
  let authorB: number;

  const search = (query: string, extra: Partial<SearchRequest> = {}) => services.search.search({ query, limit: 20, offset: 0, ...extra });
  const slugsFor = async (query: string, extra: Partial<SearchRequest> = {}) => (await search(query, extra)).results.map((r) => r.article.slug);
  const body = (text: string) => markdownToDocument(text);
  const hasRumIndex = async () =>
    (await sql`select 1 from pg_indexes where schemaname = current_schema() and indexname = 'search_documents_rum_idx'`.execute(database.db)).rows.length > 0;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    services = createAppServices({ db: database.db, clock });
    sections = await makeSections(services, ['world', 'world/europe', 'business', 'culture']);
    authorA = (await services.authors.createAuthor({ slug: 'anna-river', name: 'Anna River' })).id;
    authorB = (await services.authors.createAuthor({ slug: 'boris-stone', name: 'Boris Stone' })).id;
    const shipping = await services.tags.ensureTag('Shipping');
    const make = async (key: string, input: Parameters<typeof makeArticle>[1]) => {
      ids[key] = (await makeArticle(services, { slug: key, ...input })).id;
    };
    await make('volga-headline', {
      primarySectionId: sections['world/europe']!,
      headline: 'Volga floods threaten the delta',
      dek: 'Water levels rise along the lower river.',
      body: body('Emergency crews worked through the night as the river kept rising near Astrakhan.'),
      authorIds: [authorA],
      publishedAt: '2026-05-10T08:00:00.000Z',
    });
    await make('volga-body', {
      primarySectionId: sections.business!,
      headline: 'Grain exports slow down',
      dek: 'Traders blame the weather.',
      body: body('Barges on the Volga waited for days before the grain terminals reopened.'),
      authorIds: [authorB],
      tagIds: [shipping.id],
      publishedAt: '2026-04-02T08:00:00.000Z',
    });
    await make('central-bank', {
      primarySectionId: sections.business!,
      secondarySectionIds: [sections.world!],
      headline: 'The central bank holds rates',
      dek: 'Policy makers wait for inflation data.',
      body: body('The central bank kept its main rate unchanged on Thursday.'),
      authorIds: [authorA],
      publishedAt: '2026-05-20T08:00:00.000Z',
    });
    await make('bank-central', {
      primarySectionId: sections.culture!,
      headline: 'A bank of clouds over the central square',
      dek: 'Photographers gathered early.',
      body: body('The square filled with visitors.'),
      publishedAt: '2026-05-21T08:00:00.000Z',
    });
    await make('html-headline', {
      primarySectionId: sections.culture!,
      headline: 'Why <script>alert("x")</script> & <b>tags</b> are text',
      dek: 'A story about markup.',
      body: body('Nothing to see.'),
      publishedAt: '2026-03-01T08:00:00.000Z',
    });
    await make('volga-draft', { primarySectionId: sections.world!, headline: 'Volga draft story', status: 'draft', publishedAt: undefined });
    await make('volga-later', { primarySectionId: sections.world!, headline: 'Volga story for next week', publishedAt: '2026-06-08T08:00:00.000Z' });
  });
  afterAll(async () => {
    // Topic detection runs after story changes: stop it before the database goes (as the app does on close).
    await services.topics.stop();
    await database.close();
  });

  it('finds published stories only, best match first (headline above body)', async () => {
    const slugs = await slugsFor('volga');
    expect(slugs).toEqual(['volga-headline', 'volga-body']);
    const response = await search('volga');
    expect(response.total).toBe(2);
    expect(response.results[0]!.score).toBeGreaterThan(response.results[1]!.score);
  });

  it('matches word forms (stemming) and ignores case and diacritics', async () => {
    expect(await slugsFor('FLOODING')).toEqual(['volga-headline']);
    expect(await slugsFor('barge')).toEqual(['volga-body']);
  });

  it('needs every word, and quoted words in order', async () => {
    expect((await slugsFor('central bank')).sort()).toEqual(['bank-central', 'central-bank']);
    expect(await slugsFor('"central bank"')).toEqual(['central-bank']);
    expect(await slugsFor('volga grain')).toEqual(['volga-body']);
    expect(await slugsFor('volga zanzibar')).toEqual([]);
  });

  it('searches tag names', async () => {
    expect(await slugsFor('shipping')).toEqual(['volga-body']);
  });

  it('highlights matches with <mark> in escaped text', async () => {
    const [first, second] = (await search('volga')).results;
    expect(first!.headlineHtml).toBe('<mark>Volga</mark> floods threaten the delta');
    expect(second!.snippetHtml).toContain('<mark>Volga</mark>');
    expect(second!.snippetHtml).not.toContain('<script');
    expect(second!.headlineHtml).toBe('Grain exports slow down');
    // Stored text is text: markup in it comes back escaped, around the marks.
    const script = (await search('text')).results[0]!;
    expect(script.headlineHtml).toBe('Why &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;tags&lt;/b&gt; are <mark>text</mark>');
    // Only the dek matches: the snippet comes from the dek.
    expect((await search('traders')).results[0]!.snippetHtml).toBe('<mark>Traders</mark> blame the weather.');
  });

  it('filters by section (primary or secondary), author and date range', async () => {
    expect(await slugsFor('volga', { sectionIds: [sections.business!] })).toEqual(['volga-body']);
    expect(await slugsFor('bank', { sectionIds: [sections.world!] })).toEqual(['central-bank']);
    expect(await slugsFor('volga', { sectionIds: [] })).toEqual([]);
    expect(await slugsFor('volga', { authorId: authorA })).toEqual(['volga-headline']);
    expect(await slugsFor('volga', { authorId: authorB })).toEqual(['volga-body']);
    expect(await slugsFor('volga', { from: '2026-05-01T00:00:00.000Z' })).toEqual(['volga-headline']);
    expect(await slugsFor('volga', { until: '2026-05-01T00:00:00.000Z' })).toEqual(['volga-body']);
    expect(await slugsFor('volga', { from: '2026-04-02T08:00:00.000Z', until: '2026-04-02T08:00:00.001Z' })).toEqual(['volga-body']);
    const filtered = await search('volga', { authorId: authorA });
    expect(filtered.total).toBe(1);
  });

  it('pages through many results without gaps or repeats', async () => {
    for (let i = 0; i < 23; i++) {
      await makeArticle(services, { primarySectionId: sections.culture!, headline: `Puffin census number ${i}`, publishedAt: new Date(Date.UTC(2026, 2, 1, i)).toISOString() });
    }
    const pages = await Promise.all([0, 10, 20].map((offset) => search('puffin census', { limit: 10, offset })));
    expect(pages.map((p) => p.results.length)).toEqual([10, 10, 3]);
    expect(pages.every((p) => p.total === 23 && !p.totalIsLowerBound)).toBe(true);
    const all = pages.flatMap((p) => p.results.map((r) => r.article.id));
    expect(new Set(all).size).toBe(23);
    // Equal scores: newest first.
    expect(pages[0]!.results[0]!.article.headline).toBe('Puffin census number 22');
    expect((await search('puffin census', { limit: 10, offset: 30 })).results).toEqual([]);
    expect((await search('puffin census', { limit: 10, offset: MAX_SEARCH_DEPTH + 5 })).results).toEqual([]);
  });

  it('stops counting at the cap and says the total is a lower bound', async () => {
    const index = createSearchIndex(database.db);
    const terms = parseSearchQuery('puffin census');
    const filter = { publishedBefore: now.toISOString() };
    const capped = await index.search(terms, filter, { limit: 5, offset: 0, countCap: 10 });
    expect([capped.total, capped.totalIsLowerBound, capped.hits.length]).toEqual([10, true, 5]);
    const exact = await index.search(terms, filter, { limit: 5, offset: 0, countCap: 23 });
    expect([exact.total, exact.totalIsLowerBound]).toEqual([23, false]);
    // Filters apply before the cap: a section with fewer matches is counted exactly.
    const inWorld = await index.search(parseSearchQuery('volga'), { ...filter, sectionIds: [sections['world/europe']!] }, { limit: 5, offset: 0, countCap: 1 });
    expect([inWorld.total, inWorld.totalIsLowerBound]).toEqual([1, false]);
    // Every cap agrees with the full count, with and without filters that hide most matches
    // (on PostgreSQL this crosses from the index-first count to the full one).
    for (const extra of [{}, { sectionIds: [sections.business!] }, { until: '2026-03-01T03:00:00.000Z' }, { from: '2026-03-01T20:00:00.000Z' }]) {
      const full = (await index.search(terms, { ...filter, ...extra }, { limit: 1, offset: 0, countCap: 1000 })).total;
      for (const countCap of [1, 2, 3, 5, 8, 13]) {
        const got = await index.search(terms, { ...filter, ...extra }, { limit: 1, offset: 0, countCap });
        expect([got.total, got.totalIsLowerBound], `${JSON.stringify(extra)} cap ${countCap}`).toEqual([Math.min(full, countCap), full > countCap]);
      }
    }
  });

  it('shows a story once its publication time has come', async () => {
    expect(await slugsFor('next week')).toEqual([]);
    now = new Date('2026-06-09T00:00:00.000Z');
    try {
      expect(await slugsFor('next week')).toEqual(['volga-later']);
    } finally {
      now = new Date('2026-06-01T12:00:00.000Z');
    }
  });

  it('follows edits, unpublishing, trash and purge through the change feed', async () => {
    const story = await makeArticle(services, { primarySectionId: sections.world!, headline: 'Otters return to the harbour' });
    expect(await slugsFor('otters')).toEqual([story.slug]);
    const edited = await services.articleWorkflow.save({ id: story.id, expectedVersion: story.version, changes: { headline: 'Seals return to the harbour' }, actor: admin });
    expect(await slugsFor('otters')).toEqual([]);
    expect(await slugsFor('seals')).toEqual([story.slug]);
    const unpublished = await services.articleWorkflow.unpublish({ id: story.id, expectedVersion: edited.version, actor: admin });
    expect(await slugsFor('seals')).toEqual([]);
    const republished = await services.articleWorkflow.publish({ id: story.id, expectedVersion: unpublished.version, actor: admin });
    expect(await slugsFor('seals')).toEqual([story.slug]);
    const trashed = await services.articleWorkflow.trash({ id: story.id, expectedVersion: republished.version, actor: admin });
    expect(await slugsFor('seals')).toEqual([]);
    await services.articleWorkflow.purge({ id: story.id, expectedVersion: trashed.version, actor: admin });
    expect(await slugsFor('seals')).toEqual([]);
    expect(await slugsFor('harbour')).toEqual([]);
  });

  it('rebuilds the whole index with reindexAll (bulk imports skip the change feed)', async () => {
    const quiet = await services.articles.createArticle(
      { headline: 'Walrus spotted off the coast', dek: '', status: 'published', primarySectionId: sections.world!, body: body('A walrus rested on the rocks.'), publishedAt: '2026-05-30T00:00:00.000Z' },
      { notify: false },
    );
    expect(await slugsFor('walrus')).toEqual([]);
    const { indexed } = await services.search.reindexAll();
    expect(indexed).toBe(await services.articles.countPublished({}) + 1); // + the story published next week
    expect(await slugsFor('walrus')).toEqual([quiet.slug]);
    expect(await slugsFor('volga')).toEqual(['volga-headline', 'volga-body']);
  });

  it(`answers ${NASTY_QUERIES.length} hostile queries with results or an empty list`, async () => {
    expect(NASTY_QUERIES.length).toBeGreaterThanOrEqual(30);
    for (const query of NASTY_QUERIES) {
      const response = await search(query).catch((error: unknown) => ({ error, query }));
      expect(response, JSON.stringify(query).slice(0, 80)).not.toHaveProperty('error');
      if ('results' in response) {
        expect(Array.isArray(response.results)).toBe(true);
        expect(response.query.length).toBeLessThanOrEqual(200);
        for (const r of response.results) expect(r.snippetHtml + r.headlineHtml).not.toMatch(/<(?!\/?mark>)/);
      }
    }
    // Syntax is never syntax: the words still count.
    // Operators are plain (stop) words: this is volga + delta + floods.
    expect(await slugsFor('(volga OR delta) AND NOT floods')).toEqual(['volga-headline']);
    expect(await slugsFor('NOT volga')).toEqual(['volga-headline', 'volga-body']);
    expect((await search('the and or')).results).toEqual([]);
    expect(await slugsFor('volga*')).toEqual(['volga-headline', 'volga-body']);
    expect(await slugsFor('headline:volga')).toEqual([]);
    expect(await slugsFor('"volga')).toEqual(['volga-headline', 'volga-body']);
    expect(await slugsFor('Ｖｏｌｇａ')).toEqual(['volga-headline', 'volga-body']);
    expect(await slugsFor('volga 🌊')).toEqual(['volga-headline', 'volga-body']);
    expect((await search('')).results).toEqual([]);
  });

  it('ranks a bounded candidate set first (FTS5 bm25, PostgreSQL RUM), with pages equal to the full ranking', async () => {
    if (dialect === 'postgres' && !(await hasRumIndex())) return;
    // Headline, dek and body matches of different strength, drafts and future stories among
    // them, equal scores (identical texts), and a section filter that discards most candidates.
    for (let i = 0; i < 60; i++) {
      const where = i % 3;
      await makeArticle(services, {
        primarySectionId: i % 5 === 0 ? sections.culture! : sections.business!,
        headline: where === 0 ? `Lighthouse keeper ${i % 4 === 0 ? 'returns' : `story ${i}`}` : `Coastal report ${i}`,
        dek: where === 1 ? 'The old lighthouse is repainted.' : 'News from the coast.',
        body: body(where === 2 ? `A lighthouse ${'and a harbour '.repeat(i % 7)}was mentioned.` : 'The lighthouse stands.'),
        ...(i % 11 === 0 ? { status: 'draft' as const, publishedAt: undefined } : { publishedAt: new Date(Date.UTC(2026, 1, 1, i % 24, i)).toISOString() }),
        ...(i % 13 === 0 ? { publishedAt: '2026-09-01T00:00:00.000Z' } : {}),
      });
    }
    const { createSqliteSearchIndex, createPostgresSearchIndex } = await import('../../src/search/index.js');
    const make = dialect === 'sqlite' ? createSqliteSearchIndex : (db: typeof database.db, o: { candidatesMin: number; candidatesPerResult?: number }) => createPostgresSearchIndex(db, { ...o, ranking: 'rum' });
    const exact = make(database.db, { candidatesMin: 1_000_000 });
    const tight = make(database.db, { candidatesMin: 3, candidatesPerResult: 1 });
    const roomy = make(database.db, { candidatesMin: 12, candidatesPerResult: 2 });
    const terms = parseSearchQuery('lighthouse');
    const filters = [{ publishedBefore: now.toISOString() }, { publishedBefore: now.toISOString(), sectionIds: [sections.culture!] }];
    for (const filter of filters) {
      for (const offset of [0, 5, 10, 40, 55]) {
        const want = await exact.search(terms, filter, { limit: 5, offset, countCap: 1000 });
        for (const index of [tight, roomy]) expect(await index.search(terms, filter, { limit: 5, offset, countCap: 1000 }), `offset ${offset}`).toEqual(want);
      }
    }
  });

  it('answers one-word searches from stored lists of common words, with pages equal to the full ranking, kept up to date by edits', async () => {
    if (dialect === 'postgres' && !(await hasRumIndex())) return;
    // Runs after the candidate test: 60 "lighthouse" stories of different strength exist.
    const { createSqliteSearchIndex, createPostgresSearchIndex } = await import('../../src/search/index.js');
    const make = (o: { termLists: false | { minMatches: number; size: number }; candidatesMin?: number }) =>
      dialect === 'sqlite' ? createSqliteSearchIndex(database.db, o) : createPostgresSearchIndex(database.db, { ...o, ranking: 'rum' });
    const exact = make({ termLists: false, candidatesMin: 1_000_000 });
    const listed = make({ termLists: { minMatches: 5, size: 30 } });
    await listed.rebuild();
    const terms = (await sql<{ term: string }>`select term from search_terms order by term`.execute(database.db)).rows.map((r) => r.term);
    expect(terms).toContain('lighthous');
    const pages = async (index: typeof exact, word: string) => {
      const out: unknown[] = [];
      for (const filter of [{ publishedBefore: now.toISOString() }, { publishedBefore: now.toISOString(), sectionIds: [sections.culture!] }]) {
        for (const offset of [0, 3, 8, 30]) {
          const page = await index.search(parseSearchQuery(word), filter, { limit: 5, offset, countCap: 1000 });
          out.push({ total: page.total, hits: page.hits.map(({ score: _score, ...hit }) => hit) });
        }
      }
      return out;
    };
    const agree = async () => {
      for (const word of ['lighthouse', 'Lighthouses', 'coast', 'news', 'volga']) expect(await pages(listed, word), word).toEqual(await pages(exact, word));
    };
    await agree();
    // The list is what answers: take the best story out of it and page one changes.
    const best = (await exact.search(parseSearchQuery('lighthouse'), { publishedBefore: now.toISOString() }, { limit: 1, offset: 0, countCap: 10 })).hits[0]!.articleId;
    await sql`delete from search_term_hits where article_id = ${best}`.execute(database.db);
    const without = await listed.search(parseSearchQuery('lighthouse'), { publishedBefore: now.toISOString() }, { limit: 5, offset: 0, countCap: 10 });
    expect(without.hits.map((h) => h.articleId)).not.toContain(best);
    // Re-indexing the story (what an edit does) puts it back.
    await listed.refresh(best);
    await agree();
    // Publishing a strong new match, editing one away and trashing one keep lists exact.
    const fresh = await makeArticle(services, { primarySectionId: sections.culture!, headline: 'Lighthouse lighthouse lighthouse', dek: 'The lighthouse.', body: body('Lighthouse.'), publishedAt: '2026-05-30T08:00:00.000Z' });
    await agree();
    const listedIds = (await sql<{ id: number }>`select h.article_id as id from search_term_hits h where h.term = 'lighthous' order by h.score limit 3`.execute(database.db)).rows.map((r) => r.id);
    const renamed = (await services.articles.getArticle(listedIds[1]!))!;
    await services.articleWorkflow.save({ id: renamed.id, expectedVersion: renamed.version, changes: { headline: 'Renamed story', dek: 'Nothing here.', body: body('Nothing here either.') }, actor: admin });
    const trashed = (await services.articles.getArticle(listedIds[2]!))!;
    await services.articleWorkflow.trash({ id: trashed.id, expectedVersion: trashed.version, actor: admin });
    await agree();
    expect((await listed.search(parseSearchQuery('lighthouse'), { publishedBefore: now.toISOString() }, { limit: 1, offset: 0, countCap: 10 })).hits[0]!.articleId).toBe(fresh.id);
  });

  it('ranks with the RUM index on PostgreSQL where the extension is installed (always in CI)', async () => {
    if (dialect !== 'postgres') return;
    const present = await hasRumIndex();
    if (!present) {
      if (SERVICES_REQUIRED) throw new Error('the rum extension is required in CI (.ci/run installs postgresql-<major>-rum)');
      console.warn('\n*** SKIPPING the RUM ranking test: the PostgreSQL server has no rum extension. CI requires it. ***\n');
      return;
    }
    const { createPostgresSearchIndex } = await import('../../src/search/index.js');
    const filter = { publishedBefore: now.toISOString() };
    const page = { limit: 10, offset: 0, countCap: 1000 };
    // Both rankings put the headline match first; the RUM one reads ranks from the index.
    for (const ranking of ['rum', 'ts_rank_cd'] as const) {
      const found = await createPostgresSearchIndex(database.db, { ranking }).search(parseSearchQuery('volga'), filter, page);
      expect(found.hits.map((h) => h.articleId), ranking).toEqual([ids['volga-headline'], ids['volga-body']]);
      expect(found.hits[0]!.score).toBeGreaterThan(found.hits[1]!.score);
      expect(found.hits[0]!.headlineMarked).toContain('Volga');
    }
    // The planner can answer "best ten" from the RUM index, not by scoring every match (told to
    // prefer indexes: this table is small enough for a sequential scan to win otherwise).
    const rows = await database.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return (await sql<{ 'QUERY PLAN': string }>`explain select article_id from search_documents d, plainto_tsquery('english', 'volga') q
        where d.document @@ q order by d.document operator(public.<=>) q limit 10`.execute(trx)).rows;
    });
    expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/search_documents_rum_idx/);
    // search_documents keeps its rows narrow: body and tsvector live out of line.
    const storage = await sql<{ attname: string; attstorage: string }>`select attname, attstorage from pg_attribute
      where attrelid = 'search_documents'::regclass and attname in ('body', 'document') order by attname`.execute(database.db);
    expect(storage.rows).toEqual([{ attname: 'body', attstorage: 'e' }, { attname: 'document', attstorage: 'e' }]);
  });
});
