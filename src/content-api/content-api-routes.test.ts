import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../articles/index.js';
import type { Clock } from '../platform/clock.js';
import { markdownToDocument, renderDocumentHtml } from '../rich-text/index.js';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import type { SectionIds } from '../../test/support/factories.js';
import { availableDialects } from '../../test/support/test-databases.js';
import { decodeCursor, encodeCursor } from './article-cursor.js';
import {
  articleListResponseSchema,
  articleResponseSchema,
  authorResponseSchema,
  authorsResponseSchema,
  pageResponseSchema,
  pagesResponseSchema,
  sectionsResponseSchema,
  tagsResponseSchema,
} from './content-api-schemas.js';
import type { ContentArticle, ContentSectionNode } from './content-api-schemas.js';
import { CONTENT_API_ENDPOINTS } from './openapi-document.js';

const dialects = await availableDialects();
const BASE = '/api/content/v1';
/** Published stories the list shows: 4 hand-made, 20 bulk, 1 whose slug changed. */
const VISIBLE_COUNT = 25;

interface ArticleListBody {
  articles: ContentArticle[];
  meta: { next_cursor: string | null; limit: number };
}

describe.each(dialects)('Content API on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let key: string;
  let revokedKey: string;
  let sections: SectionIds;
  let featured: Article;
  let asiaStory: Article;
  let europeStory: Article;
  let sportInAsia: Article;
  let draft: Article;
  let future: Article;
  let takenDown: Article;
  let moved: Article;
  const fixedNow = new Date('2026-06-01T12:00:00.000Z');
  const clock: Clock = { now: () => fixedNow };

  const get = (url: string, headers: Record<string, string> = {}) => built.app.inject({ method: 'GET', url, headers });
  /** GET with the key as the X-Content-Key header. */
  const api = (path: string) => get(`${BASE}${path}`, { 'x-content-key': key });
  const problemCode = (response: { json(): unknown }) => (response.json() as { code: string }).code;

  beforeAll(async () => {
    built = await buildTestApp({ dialect, clock });
    const { services } = built;
    key = (await services.contentKeys.issueKey('test')).key;
    const revoked = await services.contentKeys.issueKey('revoked');
    revokedKey = revoked.key;
    await services.contentKeys.revokeKey(revoked.info.id);

    sections = await makeSections(services, ['world', 'world/asia', 'world/asia/china', 'world/europe', 'sport']);
    const alice = await services.authors.createAuthor({ slug: 'alice-reporter', name: 'Alice Reporter', bio: 'Covers Asia.', photoUrl: '/media/alice.jpg' });
    const bob = await services.authors.createAuthor({ slug: 'bob-writer', name: 'Bob Writer' });
    const climate = await services.tags.ensureTag('Climate');
    const elections = await services.tags.ensureTag('Elections');
    await services.tags.ensureTag('Unused Tag');

    featured = await makeArticle(services, {
      slug: 'yangtze-floods',
      kicker: 'Analysis',
      headline: 'Yangtze floods <reach> the delta',
      dek: 'Water levels are the highest in decades.',
      seoTitle: 'Yangtze floods: what we know',
      seoDescription: 'Everything about the floods.',
      socialTitle: 'The Yangtze is flooding',
      socialDescription: 'Share this.',
      primarySectionId: sections['world/asia/china']!,
      secondarySectionIds: [sections.sport!],
      authorIds: [alice.id, bob.id],
      tagIds: [climate.id, elections.id],
      dateline: 'WUHAN',
      publishedAt: '2026-05-20T06:00:00Z',
      updatedAt: '2026-05-20T09:30:00Z',
      leadImage: {
        src: '/media/floods-1280.jpg',
        alt: 'Flooded streets',
        caption: 'Streets under water',
        credit: 'Photo: Staff',
        width: 1280,
        height: 720,
        variants: [{ src: '/media/floods-640.webp', width: 640, type: 'image/webp' }],
      },
      body: markdownToDocument('The river rose overnight.\n\n## What happened\n\n> It came fast.'),
      corrections: [{ body: 'An earlier version gave the wrong river.', correctedAt: '2026-05-20T09:00:00Z' }],
    });
    asiaStory = await makeArticle(services, { primarySectionId: sections['world/asia']!, authorIds: [bob.id], tagIds: [elections.id], publishedAt: '2026-05-19T06:00:00Z' });
    europeStory = await makeArticle(services, { primarySectionId: sections['world/europe']!, authorIds: [alice.id], publishedAt: '2026-05-18T06:00:00Z' });
    sportInAsia = await makeArticle(services, { primarySectionId: sections.sport!, secondarySectionIds: [sections['world/asia']!], publishedAt: '2026-05-17T06:00:00Z' });
    // Twenty more, in pairs published at the same instant, so pages must break ties by id.
    for (let i = 0; i < 20; i++) {
      const day = String(1 + Math.floor(i / 2)).padStart(2, '0');
      await makeArticle(services, { primarySectionId: sections.sport!, publishedAt: `2026-04-${day}T10:00:00Z` });
    }
    moved = await makeArticle(services, { slug: 'old-headline', primarySectionId: sections.sport!, publishedAt: '2026-03-01T10:00:00Z' });
    moved = await services.articles.changeSlug(moved.id, 'new-headline');

    draft = await makeArticle(services, { slug: 'a-draft', status: 'draft', publishedAt: null, primarySectionId: sections.world! });
    future = await makeArticle(services, { slug: 'embargoed', primarySectionId: sections.world!, publishedAt: '2026-07-01T00:00:00Z' });
    takenDown = await makeArticle(services, { slug: 'retracted-story', primarySectionId: sections.world!, publishedAt: '2026-05-01T00:00:00Z' });
    await services.articles.unpublish(takenDown.id);

    await services.pages.createPage({ slug: 'about', title: 'About us', body: markdownToDocument('We are a **test** newspaper.') });
    await services.pages.createPage({ slug: 'secret', title: 'Secret', body: markdownToDocument('Not yet.'), status: 'draft' });
  });

  // Closes the app and drops its database (a temp SQLite file or a PostgreSQL schema).
  afterAll(async () => built?.close());

  async function listAll(query: string): Promise<ContentArticle[]> {
    const response = await api(`/articles?${query}`);
    expect(response.statusCode).toBe(200);
    return (response.json() as ArticleListBody).articles;
  }

  describe('content keys', () => {
    it('refuses a request without a key with 401 CONTENT_KEY_MISSING problem details', async () => {
      const response = await get(`${BASE}/articles`);
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
      expect(response.json()).toMatchObject({ status: 401, code: 'CONTENT_KEY_MISSING', instance: `${BASE}/articles` });
    });

    it('protects every endpoint except the OpenAPI document', async () => {
      for (const path of ['/articles', `/articles/${featured.id}`, '/sections', '/authors', '/authors/alice-reporter', '/tags', '/pages', '/pages/about']) {
        const response = await get(`${BASE}${path}`);
        expect(response.statusCode, path).toBe(401);
        expect(problemCode(response), path).toBe('CONTENT_KEY_MISSING');
      }
      expect((await get(`${BASE}/openapi.json`)).statusCode).toBe(200);
    });

    it('refuses an unknown key with 401 CONTENT_KEY_INVALID', async () => {
      for (const bad of ['bsk_not-a-real-key', 'nonsense', 'bsk_' + 'x'.repeat(300)]) {
        const response = await get(`${BASE}/articles`, { 'x-content-key': bad });
        expect(response.statusCode).toBe(401);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(problemCode(response)).toBe('CONTENT_KEY_INVALID');
      }
    });

    it('refuses a revoked key', async () => {
      const response = await get(`${BASE}/articles?key=${revokedKey}`);
      expect(response.statusCode).toBe(401);
      expect(problemCode(response)).toBe('CONTENT_KEY_INVALID');
    });

    it('accepts the key as query parameter, X-Content-Key header or bearer token', async () => {
      const byQuery = await get(`${BASE}/tags?key=${encodeURIComponent(key)}`);
      const byHeader = await get(`${BASE}/tags`, { 'x-content-key': key });
      const byBearer = await get(`${BASE}/tags`, { authorization: `Bearer ${key}` });
      for (const response of [byQuery, byHeader, byBearer]) {
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.headers['cache-control']).toBe('private, max-age=60');
        expect(response.headers['www-authenticate']).toBeUndefined();
      }
      // The same key given twice is fine; two different keys are not.
      expect((await get(`${BASE}/tags?key=${key}`, { 'x-content-key': key })).statusCode).toBe(200);
      const conflicting = await get(`${BASE}/tags?key=${key}`, { 'x-content-key': revokedKey });
      expect(conflicting.statusCode).toBe(401);
      expect(problemCode(conflicting)).toBe('CONTENT_KEY_INVALID');
    });

    it('treats other Authorization schemes as no key', async () => {
      const response = await get(`${BASE}/tags`, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` });
      expect(problemCode(response)).toBe('CONTENT_KEY_MISSING');
    });
  });

  describe('GET /articles', () => {
    it('lists published stories newest first with a default page of 20', async () => {
      const response = await api('/articles');
      expect(response.statusCode).toBe(200);
      const body = articleListResponseSchema.parse(response.json());
      expect(body.articles).toHaveLength(20);
      expect(body.meta.limit).toBe(20);
      expect(body.meta.next_cursor).not.toBeNull();
      expect(body.articles.slice(0, 4).map((a) => a.id)).toEqual([featured.id, asiaStory.id, europeStory.id, sportInAsia.id]);
    });

    it('walks every page exactly once with the cursor', async () => {
      const seen: number[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      let last: ArticleListBody | undefined;
      do {
        const response = await api(`/articles?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.statusCode).toBe(200);
        last = response.json() as ArticleListBody;
        sizes.push(last.articles.length);
        seen.push(...last.articles.map((a) => a.id));
        cursor = last.meta.next_cursor;
      } while (cursor !== null && sizes.length < 10);
      expect(sizes).toEqual([10, 10, 5]);
      expect(last.meta.next_cursor).toBeNull();
      expect(seen).toHaveLength(VISIBLE_COUNT);
      expect(new Set(seen).size).toBe(VISIBLE_COUNT);
      expect(seen).toContain(moved.id);
      for (const hidden of [draft.id, future.id, takenDown.id]) expect(seen).not.toContain(hidden);
      const all = await listAll('limit=100');
      expect(all.map((a) => a.id)).toEqual(seen);
      // Newest first; equal times in descending id order.
      for (let i = 1; i < all.length; i++) {
        const [prev, next] = [all[i - 1]!, all[i]!];
        expect(prev.published_at > next.published_at || (prev.published_at === next.published_at && prev.id > next.id)).toBe(true);
      }
    });

    it('gives no next cursor when the last page is exactly full', async () => {
      const first = (await api('/articles?limit=24')).json() as ArticleListBody;
      const second = (await api(`/articles?limit=1&cursor=${first.meta.next_cursor}`)).json() as ArticleListBody;
      expect(second.articles).toHaveLength(1);
      expect(second.meta.next_cursor).toBeNull();
    });

    it('filters by section, including its subsections and secondary placements', async () => {
      const world = await listAll('section=world');
      expect(world.map((a) => a.id)).toEqual([featured.id, asiaStory.id, europeStory.id, sportInAsia.id]);
      const asia = await listAll('section=world/asia');
      expect(asia.map((a) => a.id)).toEqual([featured.id, asiaStory.id, sportInAsia.id]);
      const china = await listAll('section=world/asia/china');
      expect(china.map((a) => a.id)).toEqual([featured.id]);
    });

    it('filters by tag and by author, alone and together', async () => {
      expect((await listAll('tag=elections')).map((a) => a.id)).toEqual([featured.id, asiaStory.id]);
      expect((await listAll('tag=unused-tag')).map((a) => a.id)).toEqual([]);
      expect((await listAll('author=alice-reporter')).map((a) => a.id)).toEqual([featured.id, europeStory.id]);
      expect((await listAll('author=bob-writer&tag=elections&section=world/asia')).map((a) => a.id)).toEqual([featured.id, asiaStory.id]);
    });

    it('pages through a filtered list', async () => {
      const first = (await api('/articles?section=world&limit=3')).json() as ArticleListBody;
      expect(first.articles.map((a) => a.id)).toEqual([featured.id, asiaStory.id, europeStory.id]);
      const second = (await api(`/articles?section=world&limit=3&cursor=${first.meta.next_cursor}`)).json() as ArticleListBody;
      expect(second.articles.map((a) => a.id)).toEqual([sportInAsia.id]);
      expect(second.meta.next_cursor).toBeNull();
    });

    it('answers 400 for an unknown section, tag or author', async () => {
      const cases: [string, string][] = [
        ['section=world/mars', 'UNKNOWN_SECTION'],
        ['tag=no-such-tag', 'UNKNOWN_TAG'],
        ['author=nobody', 'UNKNOWN_AUTHOR'],
      ];
      for (const [query, code] of cases) {
        const response = await api(`/articles?${query}`);
        expect(response.statusCode, query).toBe(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(problemCode(response), query).toBe(code);
      }
    });

    it('answers 400 INVALID_REQUEST naming the field for bad values and unknown parameters', async () => {
      for (const limit of ['0', '101', 'abc', '1e1', '-5', '2.5', '']) {
        const response = await api(`/articles?limit=${limit}`);
        expect(response.statusCode, `limit=${limit}`).toBe(400);
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.json(), `limit=${limit}`).toMatchObject({ code: 'INVALID_REQUEST', fields: { limit: expect.any(String) } });
      }
      const repeated = await api('/articles?limit=5&limit=6');
      expect(repeated.json()).toMatchObject({ code: 'INVALID_REQUEST', fields: { limit: expect.any(String) } });
      const unknown = await api('/articles?page=2&sort=asc');
      expect(unknown.json()).toMatchObject({ code: 'INVALID_REQUEST', fields: { page: 'is not a known parameter', sort: 'is not a known parameter' } });
      const badSection = await api('/articles?section=World/../etc');
      expect(badSection.json()).toMatchObject({ code: 'INVALID_REQUEST', fields: { section: expect.any(String) } });
      const unknownOnOther = await api('/sections?depth=2');
      expect(unknownOnOther.json()).toMatchObject({ code: 'INVALID_REQUEST', fields: { depth: 'is not a known parameter' } });
    });

    it('accepts limits at both ends of the range', async () => {
      expect(((await api('/articles?limit=1')).json() as ArticleListBody).articles).toHaveLength(1);
      expect(((await api('/articles?limit=100')).json() as ArticleListBody).articles).toHaveLength(VISIBLE_COUNT);
    });

    it('answers 400 INVALID_CURSOR for a cursor it did not give out', async () => {
      const forged = [
        'not*base64',
        Buffer.from('hello').toString('base64url'),
        Buffer.from('2026-01-01T00:00:00.000Z|abc').toString('base64url'),
        Buffer.from('yesterday|5').toString('base64url'),
        `${encodeCursor({ publishedAt: '2026-01-01T00:00:00.000Z', id: 5 })}=`,
      ];
      for (const cursor of forged) {
        const response = await api(`/articles?cursor=${encodeURIComponent(cursor)}`);
        expect(response.statusCode, cursor).toBe(400);
        expect(problemCode(response), cursor).toBe('INVALID_CURSOR');
      }
    });
  });

  describe('GET /articles/{idOrSlug}', () => {
    it('returns a story by id with every field', async () => {
      const response = await api(`/articles/${featured.id}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('private, max-age=60');
      const { article } = articleResponseSchema.parse(response.json());
      const tags = featured.tags;
      expect(article).toEqual({
        id: featured.id,
        slug: 'yangtze-floods',
        url: '/articles/yangtze-floods',
        absolute_url: 'http://news.test/articles/yangtze-floods',
        status: 'published',
        kicker: 'Analysis',
        headline: 'Yangtze floods <reach> the delta',
        dek: 'Water levels are the highest in decades.',
        seo_title: 'Yangtze floods: what we know',
        seo_description: 'Everything about the floods.',
        social_title: 'The Yangtze is flooding',
        social_description: 'Share this.',
        section: { id: sections['world/asia/china'], slug: 'china', path: 'world/asia/china', name: 'China' },
        sections: [{ id: sections.sport, slug: 'sport', path: 'sport', name: 'Sport' }],
        authors: [
          { id: featured.authors[0]!.id, slug: 'alice-reporter', name: 'Alice Reporter', url: '/authors/alice-reporter' },
          { id: featured.authors[1]!.id, slug: 'bob-writer', name: 'Bob Writer', url: '/authors/bob-writer' },
        ],
        tags: [
          { id: tags[0]!.id, slug: 'climate', name: 'Climate', url: '/tags/climate' },
          { id: tags[1]!.id, slug: 'elections', name: 'Elections', url: '/tags/elections' },
        ],
        dateline: 'WUHAN',
        lead_image: {
          src: '/media/floods-1280.jpg',
          alt: 'Flooded streets',
          caption: 'Streets under water',
          credit: 'Photo: Staff',
          width: 1280,
          height: 720,
          variants: [{ src: '/media/floods-640.webp', width: 640, type: 'image/webp' }],
        },
        body_html: renderDocumentHtml(featured.body),
        body: featured.body,
        word_count: featured.wordCount,
        reading_minutes: 1,
        corrections: [{ id: featured.corrections[0]!.id, body: 'An earlier version gave the wrong river.', corrected_at: '2026-05-20T09:00:00.000Z' }],
        published_at: '2026-05-20T06:00:00.000Z',
        updated_at: '2026-05-20T09:30:00.000Z',
        version: 1,
        // Related stories are computed when stories are published; src/related/related-http.test.ts checks the list itself.
        related: expect.any(Array),
      });
      expect(article.body_html).toContain('<h2>What happened</h2>');
      expect(article.body_html).toContain('<blockquote>');
    });

    it('returns the same story by slug, and nulls for absent optional fields', async () => {
      const bySlug = articleResponseSchema.parse((await api('/articles/yangtze-floods')).json());
      const byId = articleResponseSchema.parse((await api(`/articles/${featured.id}`)).json());
      expect(bySlug).toEqual(byId);
      const plain = articleResponseSchema.parse((await api(`/articles/${europeStory.slug}`)).json()).article;
      expect(plain).toMatchObject({ kicker: null, seo_title: null, dateline: null, lead_image: null, sections: [], tags: [], corrections: [] });
    });

    it('answers 410 ARTICLE_GONE for a story taken down, by slug and by id', async () => {
      for (const ref of ['retracted-story', String(takenDown.id)]) {
        const response = await api(`/articles/${ref}`);
        expect(response.statusCode, ref).toBe(410);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(problemCode(response)).toBe('ARTICLE_GONE');
      }
    });

    it('redirects an old slug with 301 to the current one, keeping the query string', async () => {
      const response = await get(`${BASE}/articles/old-headline?key=${key}`);
      expect(response.statusCode).toBe(301);
      expect(response.headers.location).toBe(`${BASE}/articles/new-headline?key=${key}`);
      const followed = await get(response.headers.location!);
      expect(followed.statusCode).toBe(200);
      expect(articleResponseSchema.parse(followed.json()).article).toMatchObject({ id: moved.id, slug: 'new-headline', version: 2 });
    });

    it('answers 404 ARTICLE_NOT_FOUND for drafts, embargoed stories and unknown references', async () => {
      for (const ref of ['a-draft', String(draft.id), 'embargoed', String(future.id), 'never-existed', '999999', 'Not_A_Slug', '0']) {
        const response = await api(`/articles/${encodeURIComponent(ref)}`);
        expect(response.statusCode, ref).toBe(404);
        expect(problemCode(response), ref).toBe('ARTICLE_NOT_FOUND');
      }
    });

    it('refuses query parameters it does not know', async () => {
      const response = await api(`/articles/${featured.id}?fields=all`);
      expect(response.statusCode).toBe(400);
      expect(problemCode(response)).toBe('INVALID_REQUEST');
    });
  });

  describe('sections, authors, tags and pages', () => {
    it('returns the section tree with nesting', async () => {
      const response = await api('/sections');
      expect(response.statusCode).toBe(200);
      const { sections: roots } = sectionsResponseSchema.parse(response.json());
      const shape = (nodes: ContentSectionNode[]): unknown => nodes.map((n) => ({ path: n.path, children: shape(n.children) }));
      expect(shape(roots)).toEqual([
        { path: 'world', children: [{ path: 'world/asia', children: [{ path: 'world/asia/china', children: [] }] }, { path: 'world/europe', children: [] }] },
        { path: 'sport', children: [] },
      ]);
      expect(roots[0]).toMatchObject({ id: sections.world, slug: 'world', name: 'World', description: 'World news.', position: 0, url: '/world/' });
      expect(roots[0]!.children[0]!.children[0]).toMatchObject({ slug: 'china', url: '/world/asia/china/' });
    });

    it('lists authors and returns one by slug', async () => {
      const { authors } = authorsResponseSchema.parse((await api('/authors')).json());
      expect(authors.map((a) => a.slug)).toEqual(['alice-reporter', 'bob-writer']);
      const { author } = authorResponseSchema.parse((await api('/authors/alice-reporter')).json());
      expect(author).toEqual({ id: authors[0]!.id, slug: 'alice-reporter', name: 'Alice Reporter', bio: 'Covers Asia.', photo_url: '/media/alice.jpg', url: '/authors/alice-reporter' });
      expect(authors[1]).toMatchObject({ bio: '', photo_url: null });
      for (const slug of ['nobody', 'Bad%20Slug']) {
        const missing = await api(`/authors/${slug}`);
        expect(missing.statusCode).toBe(404);
        expect(problemCode(missing)).toBe('AUTHOR_NOT_FOUND');
      }
    });

    it('lists tags', async () => {
      const { tags } = tagsResponseSchema.parse((await api('/tags')).json());
      expect(tags.map((t) => [t.slug, t.name, t.url])).toEqual([
        ['climate', 'Climate', '/tags/climate'],
        ['elections', 'Elections', '/tags/elections'],
        ['unused-tag', 'Unused Tag', '/tags/unused-tag'],
      ]);
    });

    it('lists published pages and returns one with its HTML', async () => {
      const { pages } = pagesResponseSchema.parse((await api('/pages')).json());
      expect(pages.map((p) => p.slug)).toEqual(['about']);
      expect(pages[0]).toMatchObject({ title: 'About us', url: '/about', published_at: fixedNow.toISOString(), updated_at: fixedNow.toISOString() });
      const { page } = pageResponseSchema.parse((await api('/pages/about')).json());
      expect(page.body_html).toBe('<p>We are a <strong>test</strong> newspaper.</p>');
      expect(page.body.type).toBe('doc');
      for (const slug of ['secret', 'nothing-here']) {
        const missing = await api(`/pages/${slug}`);
        expect(missing.statusCode, slug).toBe(404);
        expect(problemCode(missing)).toBe('PAGE_NOT_FOUND');
      }
    });
  });

  describe('GET /openapi.json and unknown paths', () => {
    it('serves an OpenAPI 3.1 document for every endpoint without a key', async () => {
      const response = await get(`${BASE}/openapi.json`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const doc = response.json() as {
        openapi: string;
        servers: { url: string }[];
        paths: Record<string, { get: { security?: unknown[]; parameters: { name: string; in: string }[]; responses: Record<string, unknown> } }>;
        components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; in?: string; name?: string }> };
      };
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.servers[0]!.url).toBe(`http://news.test${BASE}`);
      expect(Object.keys(doc.paths).sort()).toEqual(
        ['/articles', '/articles/{idOrSlug}', '/articles/{idOrSlug}.ninjs', '/articles/{idOrSlug}/comments', '/articles/{idOrSlug}/reactions', '/authors', '/authors/{slug}', '/collections/{name}', '/openapi.json', '/pages', '/pages/{slug}', '/search', '/sections', '/tags', '/trending'].sort(),
      );
      expect(Object.values(doc.components.securitySchemes)).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'apiKey', in: 'query', name: 'key' }), expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Content-Key' })]),
      );
      expect(doc.paths['/openapi.json']!.get.security).toEqual([]);
      expect(doc.paths['/articles']!.get.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['query:limit', 'query:cursor', 'query:section', 'query:tag', 'query:author']);
      expect(doc.paths['/articles/{idOrSlug}']!.get.parameters).toEqual([expect.objectContaining({ name: 'idOrSlug', in: 'path', required: true })]);
      expect(Object.keys(doc.paths['/articles/{idOrSlug}']!.get.responses).sort()).toEqual(['200', '301', '400', '401', '404', '410']);
      expect(doc.components.schemas.Article).toMatchObject({ type: 'object', properties: { body_html: { type: 'string' }, reading_minutes: { type: 'integer' } } });
      // Every $ref points at something the document defines.
      const text = JSON.stringify(doc);
      for (const [ref, kind = '', name = ''] of [...text.matchAll(/"\$ref":"#\/components\/(schemas|responses)\/([^"]+)"/g)]) {
        expect((doc.components as Record<string, Record<string, unknown>>)[kind]?.[name], ref).toBeDefined();
      }
      expect(text).not.toContain('__shared');
    });

    it('documents only routes the API serves', () => {
      for (const endpoint of CONTENT_API_ENDPOINTS) {
        const url = `${BASE}${endpoint.path.replace(/\{(\w+)\}/g, ':$1')}`;
        expect(built.app.hasRoute({ method: 'GET', url }), url).toBe(true);
      }
    });

    it('answers unknown paths under the prefix with problem details 404', async () => {
      for (const path of ['/nope', '/articles/1/nope', '/articles/', '/authors/', '/pages/', '', '/']) {
        const response = await get(`${BASE}${path}?key=${key}`);
        expect(response.statusCode, path).toBe(404);
        expect(response.headers['content-type'], path).toMatch(/^application\/problem\+json/);
        expect(problemCode(response)).toBe('NOT_FOUND');
      }
    });
  });
});

describe('article cursors', () => {
  it('round-trips and refuses tampering', () => {
    const cursor = { publishedAt: '2026-05-20T06:00:00.000Z', id: 42 };
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(cursor);
    expect(decodeCursor(`${text}x`)).toBeUndefined();
    expect(decodeCursor(Buffer.from('2026-05-20T06:00:00.000Z|0').toString('base64url'))).toBeUndefined();
    expect(decodeCursor(Buffer.from('2026-13-45T06:00:00.000Z|4').toString('base64url'))).toBeUndefined();
    expect(decodeCursor('')).toBeUndefined();
  });
});
