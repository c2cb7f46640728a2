import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';
import { availableDialects } from '../../test/support/test-databases.js';
import type { Clock } from '../platform/clock.js';

const dialects = await availableDialects();
const API = '/api/admin/v1';

/** Story URLs inside one block of a page, in order. */
function blockLinks(html: string, blockId: string): string[] {
  const start = html.indexOf(`id="${blockId}"`);
  if (start === -1) return [];
  const end = html.indexOf('</section>', start);
  return [...html.slice(start, end).matchAll(/<h3[^>]*>\s*<a href="(\/articles\/[^"]+)"/g)].map((m) => m[1]!);
}

describe.each(dialects)("Editor's Picks collections on %s", (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let editor: Record<string, string>;
  let author: Record<string, string>;
  let now = new Date('2026-06-01T12:00:00.000Z');
  const clock: Clock = { now: () => now };
  const ids: Record<string, number> = {};
  let sections: Record<string, number>;
  let key: string;
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
    built.app.inject({ method, url: `${API}${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const page = async (url: string) => (await built.app.inject({ method: 'GET', url })).body;

  beforeAll(async () => {
    built = await buildTestApp({ dialect, clock });
    editor = (await signInAs(built, 'editor')).headers;
    author = (await signInAs(built, 'author')).headers;
    sections = await makeSections(built.services, ['world', 'world/asia', 'sport']);
    for (const slug of ['asia-one', 'asia-two', 'world-pick', 'sport-pick', 'site-pick', 'lead-pick', 'newest']) {
      const section = slug.startsWith('asia') ? sections['world/asia']! : slug.startsWith('sport') ? sections.sport! : sections.world!;
      ids[slug] = (await makeArticle(built.services, { slug, headline: `Headline ${slug}`, primarySectionId: section })).id;
    }
    ids.draft = (await makeArticle(built.services, { slug: 'draft-pick', primarySectionId: sections.world!, status: 'draft', publishedAt: null })).id;
    key = (await built.services.contentKeys.issueKey('picks')).key;
  });
  afterAll(async () => built?.close());

  it('creates, reads, replaces and deletes a collection; authors may read but not write', async () => {
    const created = await call('POST', '/collections', editor, { name: 'editors-picks', items: [{ article_id: ids['site-pick'] }, { article_id: ids['world-pick'], expires_at: '2026-06-02T00:00:00Z' }] });
    expect(created.statusCode).toBe(201);
    const { collection } = created.json() as { collection: { id: number } };
    expect(created.json()).toMatchObject({
      collection: { name: 'editors-picks', section_id: null, items: [{ article_id: ids['site-pick'], position: 0, expires_at: null, expired: false }, { article_id: ids['world-pick'], position: 1, expires_at: '2026-06-02T00:00:00.000Z' }] },
    });
    expect((await call('GET', `/collections/${collection.id}`, author)).json()).toMatchObject({ collection: { id: collection.id, name: 'editors-picks' } });
    expect((await call('GET', '/collections', author)).json()).toMatchObject({ collections: [{ id: collection.id }] });
    expect((await call('PUT', `/collections/${collection.id}/items`, author, { items: [] })).statusCode).toBe(403);

    const replaced = await call('PUT', `/collections/${collection.id}/items`, editor, { items: [{ article_id: ids['world-pick'] }, { article_id: ids['site-pick'] }, { article_id: ids['sport-pick'] }] });
    expect(replaced.statusCode).toBe(200);
    expect((replaced.json() as { collection: { items: { article_id: number }[] } }).collection.items.map((i) => i.article_id)).toEqual([ids['world-pick'], ids['site-pick'], ids['sport-pick']]);

    const audit = await built.services.audit.list({ objectType: 'collection', limit: 10 });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['collection.create', 'collection.replace_items']));

    const doomed = (await call('POST', '/collections', editor, { name: 'short-lived', section_id: sections.sport })).json() as { collection: { id: number } };
    expect((await call('DELETE', `/collections/${doomed.collection.id}`, editor)).statusCode).toBe(204);
    expect((await call('GET', `/collections/${doomed.collection.id}`, editor)).json()).toMatchObject({ code: 'COLLECTION_NOT_FOUND' });
  });

  it('refuses bad input with a clear error per field and keeps the collection as it was', async () => {
    const [picks] = (await built.services.collections.listCollections()).filter((c) => c.name === 'editors-picks' && c.sectionId === null);
    const before = picks!.items.map((i) => i.articleId);
    const expectError = async (method: 'POST' | 'PUT', url: string, body: unknown, code: string, fields: Record<string, unknown>) => {
      const response = await call(method, url, editor, body);
      expect(response.statusCode, response.body).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.json()).toMatchObject({ code, fields });
    };
    await expectError('POST', '/collections', { name: 'Bad Name!' }, 'COLLECTION_INVALID', { name: expect.stringContaining('lowercase') });
    await expectError('POST', '/collections', { name: 'editors-picks' }, 'COLLECTION_EXISTS', { name: expect.any(String) });
    await expectError('POST', '/collections', { name: 'x-picks', section_id: 999999 }, 'COLLECTION_SECTION_UNKNOWN', { section_id: 'no such section' });
    await expectError('PUT', `/collections/${picks!.id}/items`, { items: [{ article_id: 999999 }] }, 'COLLECTION_ARTICLE_UNKNOWN', { 'items.0.article_id': expect.stringContaining('999999') });
    await expectError('PUT', `/collections/${picks!.id}/items`, { items: [{ article_id: ids['site-pick'] }, { article_id: ids['site-pick'] }] }, 'COLLECTION_INVALID', { 'items.1.article_id': expect.stringContaining('more than once') });
    await expectError('PUT', `/collections/${picks!.id}/items`, { items: [{ article_id: ids['site-pick'], expires_at: 'tomorrow' }] }, 'COLLECTION_INVALID', { 'items.0.expires_at': expect.any(String) });
    await expectError('PUT', `/collections/${picks!.id}/items`, { items: 'all of them' }, 'COLLECTION_INVALID', { items: expect.any(String) });
    await expectError('PUT', `/collections/${picks!.id}/items`, { items: [], extra: 1 }, 'COLLECTION_INVALID', { extra: 'is not a known field' });
    expect((await call('PUT', '/collections/999999/items', editor, { items: [] })).json()).toMatchObject({ code: 'COLLECTION_NOT_FOUND' });
    expect((await built.services.collections.getCollection(picks!.id)).items.map((i) => i.articleId)).toEqual(before);
  });

  it('shows the section picks on article pages of that section, else the site-wide picks, never the story itself, only published and unexpired', async () => {
    const system = { actor: { system: 'cli' as const }, audit: built.services.audit };
    await built.services.collections.createCollection(
      { name: 'editors-picks', section_id: sections.world, items: [{ article_id: ids['asia-two'] }, { article_id: ids.draft }, { article_id: ids['asia-one'] }, { article_id: ids['sport-pick'], expires_at: '2026-06-01T13:00:00Z' }] },
      system,
    );
    // A story in world/asia gets the World picks (its top-level section), without itself and the draft.
    const asiaPage = await page('/articles/asia-one');
    expect(blockLinks(asiaPage, 'editors-picks')).toEqual(['/articles/asia-two', '/articles/sport-pick']);
    // The batched summaries (what the cards use) are the same stories as the full loads, in order.
    for (const options of [{}, { limit: 1 }, { excludeArticleId: ids['asia-two']! }]) {
      const full = await built.services.collections.liveStories('editors-picks', sections.world!, options);
      expect((await built.services.collections.liveStorySummaries('editors-picks', sections.world!, options)).map((s) => s.id)).toEqual(full.map((s) => s.id));
    }
    // Sport has no picks of its own: the site-wide ones (in their order), without the story itself.
    expect(blockLinks(await page('/articles/sport-pick'), 'editors-picks')).toEqual(['/articles/world-pick', '/articles/site-pick']);
    // The home page shows the site-wide picks.
    expect(blockLinks(await page('/'), 'home-editors-picks')).toEqual(['/articles/world-pick', '/articles/site-pick', '/articles/sport-pick']);

    now = new Date('2026-06-01T14:00:00.000Z'); // the sport pick in World has expired
    expect(blockLinks(await page('/articles/asia-one'), 'editors-picks')).toEqual(['/articles/asia-two']);
    const [world] = (await built.services.collections.listCollections()).filter((c) => c.sectionId === sections.world);
    expect((await call('GET', `/collections/${world!.id}`, editor)).json()).toMatchObject({ collection: { items: [{}, {}, {}, { expired: true }] } });
  });

  it('leads the home page with the homepage-lead story while it is live', async () => {
    const leadHeadline = (html: string) => /data-block="lead"[\s\S]*?<a href="(\/articles\/[^"]+)"/.exec(html)?.[1];
    expect(leadHeadline(await page('/'))).toBe('/articles/newest');
    const created = await call('POST', '/collections', editor, { name: 'homepage-lead', items: [{ article_id: ids.draft }, { article_id: ids['lead-pick'], expires_at: '2026-06-01T15:00:00Z' }] });
    expect(created.statusCode).toBe(201);
    const home = await built.app.inject({ method: 'GET', url: '/' });
    expect(leadHeadline(home.body)).toBe('/articles/lead-pick');
    expect(String(home.headers['surrogate-key']).split(' ')).toEqual(expect.arrayContaining(['collection:homepage-lead', 'collection:editors-picks']));
    now = new Date('2026-06-01T16:00:00.000Z');
    expect(leadHeadline(await page('/'))).toBe('/articles/newest');
  });

  it('serves a collection on the Content API, site-wide or for a section, with clear errors', async () => {
    const get = (url: string) => built.app.inject({ method: 'GET', url: `/api/content/v1${url}${url.includes('?') ? '&' : '?'}key=${encodeURIComponent(key)}` });
    const site = await get('/collections/editors-picks');
    expect(site.statusCode).toBe(200);
    expect(site.json()).toMatchObject({ collection: { name: 'editors-picks', section: null, articles: [{ slug: 'world-pick' }, { slug: 'site-pick' }, { slug: 'sport-pick' }] } });
    const world = await get('/collections/editors-picks?section=world');
    expect((world.json() as { collection: { section: string; articles: { slug: string }[] } }).collection).toMatchObject({ section: 'world', articles: [{ slug: 'asia-two' }, { slug: 'asia-one' }] });
    expect((await get('/collections/editors-picks?section=sport')).json()).toMatchObject({ code: 'COLLECTION_NOT_FOUND' });
    expect((await get('/collections/editors-picks?section=nowhere')).json()).toMatchObject({ code: 'UNKNOWN_SECTION' });
    expect((await get('/collections/Bad_Name')).statusCode).toBe(400);
    expect((await get('/collections/editors-picks?colour=red')).json()).toMatchObject({ code: 'INVALID_REQUEST', fields: { colour: expect.any(String) } });
    expect((await built.app.inject({ method: 'GET', url: '/api/content/v1/collections/editors-picks' })).statusCode).toBe(401);
  });
});
