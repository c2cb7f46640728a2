import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCachedPage } from '../page-cache/index.js';
import { markdownToDocument } from '../rich-text/index.js';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeSections } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';

/** Related over HTTP: the Admin API endpoints, the article page's block and the Content API field. */
describe('related stories over HTTP', () => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let editor: Record<string, string>;
  let author: Record<string, string>;
  let key: string;
  const ids: Record<string, number> = {};
  const slugs: Record<string, string> = {};

  beforeAll(async () => {
    built = await buildTestApp();
    const { services } = built;
    editor = (await signInAs(built, 'editor')).headers;
    author = (await signInAs(built, 'author')).headers;
    key = (await services.contentKeys.issueKey('related test')).key;
    const sections = await makeSections(services, ['world', 'world/asia', 'business']);
    const add = async (name: string, section: string, headline: string, body: string, status: 'published' | 'draft' = 'published') => {
      const article = await services.articles.createArticle({ headline, body: markdownToDocument(body), status, primarySectionId: sections[section]!, publishedAt: status === 'published' ? '2026-01-10T10:00:00.000Z' : null });
      ids[name] = article.id;
      slugs[name] = article.slug;
    };
    await add('summit', 'world/asia', 'Kyrgyzstan hosts CSTO summit in Bishkek', 'Leaders of the CSTO alliance met in Bishkek to discuss the Kyrgyzstan border.');
    await add('troops', 'world/asia', 'CSTO troops leave the Kyrgyzstan border', 'The CSTO alliance withdrew troops from the Kyrgyzstan border after Bishkek talks.');
    await add('map', 'world/asia', 'Kyrgyzstan agrees a border map', 'Negotiators agreed a Kyrgyzstan border map after clashes near Bishkek.');
    await add('rates', 'business', 'Central bank raises interest rates', 'The central bank raised interest rates to fight inflation.');
    await add('inflation', 'business', 'Inflation slows as rates bite', 'Inflation eased as higher interest rates cooled borrowing.');
    await add('draft', 'world/asia', 'Unpublished CSTO Kyrgyzstan story', 'CSTO Kyrgyzstan Bishkek border.', 'draft');
  });
  afterAll(async () => built?.close());

  const related = (id: number, headers: Record<string, string> = editor) => built.app.inject({ method: 'GET', url: `/api/admin/v1/articles/${id}/related`, headers });
  const put = (id: number, what: 'pins' | 'excludes', payload: unknown, headers: Record<string, string> = editor) =>
    built.app.inject({ method: 'PUT', url: `/api/admin/v1/articles/${id}/related/${what}`, headers, payload: payload as object });

  it('shows editors the computed list with reasons, pins and excludes; authors are refused', async () => {
    const response = await related(ids.summit!);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.article_id).toBe(ids.summit);
    expect(body.related.map((r: { id: number }) => r.id).slice(0, 2).sort()).toEqual([ids.troops, ids.map].sort());
    expect(body.related.map((r: { id: number }) => r.id)).not.toContain(ids.draft);
    expect(body.related[0]).toMatchObject({ position: 0, pinned: false, status: 'published', reason: { same_section: 'Asia', pinned: false } });
    expect(body.related[0].url).toMatch(/^\/articles\//);
    expect(body.related[0].reason_text).toMatch(/Shares: .*Same section: Asia/);
    expect(body.pins).toEqual([]);
    expect(body.excludes).toEqual([]);
    expect((await related(ids.summit!, author)).statusCode).toBe(403);
  });

  it('pins and excludes: pins first in order, excludes never shown, the page dropped from the cache, audit-logged', async () => {
    const cache = built.pageCache!;
    const page = () => buildCachedPage({ status: 200, headers: {}, body: Buffer.from('x'), tags: [`article:${ids.summit}`], nowMs: Date.now(), freshForMs: 60_000 });
    cache.set('/articles/summit', page());
    cache.set('/other', { ...page(), tags: ['article:999999'] } as ReturnType<typeof page>);
    const pinned = await put(ids.summit!, 'pins', { ids: [ids.rates, ids.map] });
    expect(pinned.statusCode, pinned.body).toBe(200);
    expect(pinned.json().related.slice(0, 2).map((r: { id: number; pinned: boolean }) => [r.id, r.pinned])).toEqual([
      [ids.rates, true],
      [ids.map, true],
    ]);
    expect(pinned.json().pins.map((p: { id: number; headline: string }) => p.headline)).toEqual(['Central bank raises interest rates', 'Kyrgyzstan agrees a border map']);
    expect(cache.get('/articles/summit')).toBeUndefined();
    expect(cache.get('/other')).toBeDefined();

    const excluded = await put(ids.summit!, 'excludes', { ids: [ids.troops] });
    expect(excluded.statusCode).toBe(200);
    expect(excluded.json().related.map((r: { id: number }) => r.id)).not.toContain(ids.troops);
    expect(excluded.json().excludes.map((p: { id: number }) => p.id)).toEqual([ids.troops]);

    const log = await built.services.audit.list({ objectType: 'article', objectId: String(ids.summit), limit: 5 });
    expect(log.map((e) => e.action)).toEqual(['related.excludes', 'related.pins']);
  });

  it('answers bad input with problem details and changes nothing', async () => {
    const before = (await related(ids.summit!)).json();
    const cases: [number, 'pins' | 'excludes', unknown, number, string][] = [
      [ids.summit!, 'pins', { ids: [ids.summit] }, 400, 'RELATED_SELF'],
      [ids.summit!, 'pins', { ids: [ids.draft] }, 422, 'RELATED_PIN_NOT_PUBLISHED'],
      [ids.summit!, 'pins', { ids: [999999] }, 400, 'RELATED_STORY_NOT_FOUND'],
      [ids.summit!, 'pins', { ids: ['x'] }, 400, 'RELATED_INVALID'],
      [ids.summit!, 'pins', { ids: [1, 2, 3, 4, 5, 6, 7] }, 400, 'RELATED_INVALID'],
      [ids.summit!, 'excludes', { ids: [ids.map], extra: true }, 400, 'RELATED_INVALID'],
      [ids.summit!, 'excludes', {}, 400, 'RELATED_INVALID'],
      [999999, 'pins', { ids: [] }, 404, 'RELATED_ARTICLE_NOT_FOUND'],
    ];
    for (const [id, what, payload, status, code] of cases) {
      const response = await put(id, what, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().code).toBe(code);
    }
    expect((await related(999999)).json().code).toBe('RELATED_ARTICLE_NOT_FOUND');
    expect((await built.app.inject({ method: 'GET', url: '/api/admin/v1/articles/abc/related', headers: editor })).statusCode).toBe(400);
    expect((await related(ids.summit!)).json()).toEqual(before);
  });

  it('shows the Related block on the article page with story cards, and names the shown stories in Surrogate-Key', async () => {
    const response = await built.app.inject({ method: 'GET', url: `/articles/${slugs.summit}` });
    expect(response.statusCode).toBe(200);
    const html = response.body;
    const block = html.slice(html.indexOf('data-slot="related"'), html.indexOf('</section>', html.indexOf('data-slot="related"')));
    expect(block).not.toContain('hidden');
    // Pins first, in order; the excluded story is absent.
    expect(block.indexOf(`/articles/${slugs.rates}`)).toBeGreaterThan(-1);
    expect(block.indexOf(`/articles/${slugs.rates}`)).toBeLessThan(block.indexOf(`/articles/${slugs.map}`));
    expect(block).not.toContain(`/articles/${slugs.troops}"`);
    const keys = String(response.headers['surrogate-key']).split(' ');
    expect(keys).toEqual(expect.arrayContaining([`article:${ids.summit}`, `article:${ids.rates}`, `article:${ids.map}`]));
    expect(keys).not.toContain(`article:${ids.troops}`);
  });

  it('adds related stories with url, headline and reason to the Content API article', async () => {
    const response = await built.app.inject({ method: 'GET', url: `/api/content/v1/articles/${ids.summit}`, headers: { 'x-content-key': key } });
    expect(response.statusCode).toBe(200);
    const list = response.json().article.related as { id: number; url: string; headline: string; reason: string }[];
    expect(list[0]).toEqual({ id: ids.rates, url: `/articles/${slugs.rates}`, headline: 'Central bank raises interest rates', reason: 'Chosen by the editors' });
    expect(list[1]).toMatchObject({ id: ids.map, reason: expect.stringMatching(/^Chosen by the editors · Shares: /) });
    expect(list.map((r) => r.id)).not.toContain(ids.troops);
    expect(list.map((r) => r.id)).not.toContain(ids.draft);
    const doc = (await built.app.inject({ method: 'GET', url: '/api/content/v1/openapi.json' })).json();
    expect(doc.components.schemas.RelatedStory).toMatchObject({ type: 'object', required: expect.arrayContaining(['id', 'url', 'headline', 'reason']) });
  });

  it('drops a story from Related on the page and in the API once it is unpublished through the Admin API', async () => {
    const admin = (await signInAs(built, 'admin')).headers;
    const unpublish = await built.app.inject({ method: 'POST', url: `/api/admin/v1/articles/${ids.map}/unpublish`, headers: admin, payload: {} });
    expect(unpublish.statusCode, unpublish.body).toBe(200);
    const view = (await related(ids.summit!)).json();
    expect(view.related.map((r: { id: number }) => r.id)).not.toContain(ids.map);
    const page = await built.app.inject({ method: 'GET', url: `/articles/${slugs.summit}` });
    expect(page.body).not.toContain(`/articles/${slugs.map}"`);
  });
});
