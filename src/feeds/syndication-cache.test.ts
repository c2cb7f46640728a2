import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';

interface Answer {
  status: number;
  cache: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cache: res.headers['x-cache'] as string | undefined, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Feeds, sitemaps and robots.txt are served from the page cache like pages, and newsroom writes
 * drop exactly the ones that show what changed.
 */
describe('feeds and sitemaps in the page cache', () => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let base: string;
  const ids = { world: 0, sport: 0, worldStory: 0, sportStory: 0 };
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };

  beforeAll(async () => {
    built = await buildTestApp({ clock, env: { TRENDING_STALE_MS: '60000' } });
    const { services } = built;
    const sections = await makeSections(services, ['world', 'sport']);
    ids.world = sections.world!;
    ids.sport = sections.sport!;
    const recently = new Date(Date.now() - 3_600_000).toISOString();
    ids.worldStory = (await makeArticle(services, { slug: 'harbour-reopens', headline: 'Harbour reopens', primarySectionId: ids.world, publishedAt: recently })).id;
    ids.sportStory = (await makeArticle(services, { slug: 'cup-final', headline: 'Cup final tonight', primarySectionId: ids.sport, publishedAt: recently })).id;
    await built.app.listen({ host: '127.0.0.1', port: 0 });
    const address = built.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => built?.close());

  const admin = async (method: 'PATCH' | 'POST', url: string, payload: object) => {
    const editor = await signInAs(built, 'admin');
    const response = await built.app.inject({ method, url: `/api/admin/v1${url}`, headers: editor.headers, payload });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json() as { article?: { id: number; version: number } };
  };
  const warm = async (paths: string[]) => {
    for (const path of paths) await get(`${base}${path}`);
    for (const path of paths) expect((await get(`${base}${path}`)).cache, `${path} warmed`).toBe('HIT');
  };
  const month = new Date(Date.now() - 3_600_000).toISOString().slice(0, 7);
  const syndication = ['/feed.xml', '/atom.xml', '/feed.json', '/world/feed.xml', '/sport/feed.xml', '/sitemap.xml', `/sitemaps/articles-${month}.xml`, '/sitemaps/news.xml', '/sitemaps/sections.xml', '/robots.txt'];

  it('serves each feed and sitemap from the cache with its content type, keys, ETag and Last-Modified', async () => {
    const first = await get(`${base}/world/feed.xml`);
    expect(first.status).toBe(200);
    expect(first.cache).toBe('MISS');
    expect(String(first.headers['surrogate-key']).split(' ')).toEqual(expect.arrayContaining(['site', `list:section:${ids.world}`, `section:${ids.world}`, `article:${ids.worldStory}`]));
    const hit = await get(`${base}/world/feed.xml`);
    expect(hit.cache).toBe('HIT');
    expect(hit.body).toBe(first.body);
    expect(hit.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(hit.headers.etag).toBe(first.headers.etag);
    expect(hit.headers['last-modified']).toBe(first.headers['last-modified']);
    expect(hit.headers['cache-control']).toContain('s-maxage');

    // Feed readers poll with either validator; both get a 304 from the cache.
    const byTag = await get(`${base}/world/feed.xml`, { 'if-none-match': String(first.headers.etag) });
    expect([byTag.status, byTag.cache, byTag.body]).toEqual([304, 'HIT', '']);
    const byDate = await get(`${base}/world/feed.xml`, { 'if-modified-since': String(first.headers['last-modified']) });
    expect([byDate.status, byDate.cache]).toEqual([304, 'HIT']);
    const older = new Date(Date.parse(String(first.headers['last-modified'])) - 60_000).toUTCString();
    expect((await get(`${base}/world/feed.xml`, { 'if-modified-since': older })).status).toBe(200);

    await warm(syndication);
    expect((await get(`${base}/robots.txt`)).headers['content-type']).toBe('text/plain; charset=utf-8');
    expect((await get(`${base}/feed.json`)).headers['content-type']).toBe('application/feed+json; charset=utf-8');
  });

  it('an edit to a story in one section drops the feeds and sitemaps showing it, and keeps the others', async () => {
    await warm(syndication);
    const loaded = (await built.app.inject({ method: 'GET', url: `/api/admin/v1/articles/${ids.worldStory}`, headers: (await signInAs(built, 'admin')).headers })).json() as { article: { version: number } };
    await admin('PATCH', `/articles/${ids.worldStory}`, { version: loaded.article.version, headline: 'Harbour reopens after storm' });
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json', '/world/feed.xml', '/sitemap.xml', `/sitemaps/articles-${month}.xml`, '/sitemaps/news.xml']) {
      const answer = await get(`${base}${path}`);
      expect(answer.cache, path).toBe('MISS');
    }
    expect((await get(`${base}/world/feed.xml`)).body).toContain('Harbour reopens after storm');
    expect((await get(`${base}/sitemaps/news.xml`)).body).toContain('Harbour reopens after storm');
    for (const path of ['/sport/feed.xml', '/sitemaps/sections.xml', '/robots.txt']) expect((await get(`${base}${path}`)).cache, path).toBe('HIT');
  });

  it('publishing and unpublishing change the site feed, the section feed and the news sitemap at once', async () => {
    await warm(syndication);
    const editor = await signInAs(built, 'admin');
    const created = await built.app.inject({ method: 'POST', url: '/api/admin/v1/articles', headers: editor.headers, payload: { headline: 'Ferry timetable changes', primary_section_id: ids.sport, body_markdown: 'New times from Monday.' } });
    expect(created.statusCode, created.body).toBe(201);
    const draft = (created.json() as { article: { id: number; version: number } }).article;
    // A draft is on no public document: everything stays cached.
    for (const path of syndication) expect((await get(`${base}${path}`)).cache, path).toBe('HIT');

    const published = await admin('POST', `/articles/${draft.id}/publish`, { version: draft.version });
    for (const path of ['/feed.xml', '/sport/feed.xml', '/sitemaps/news.xml']) {
      const answer = await get(`${base}${path}`);
      expect(answer.cache, path).toBe('MISS');
      expect(answer.body, path).toContain('Ferry timetable changes');
    }
    expect((await get(`${base}/world/feed.xml`)).cache).toBe('HIT');

    await warm(syndication);
    await admin('POST', `/articles/${draft.id}/unpublish`, { version: published.article!.version });
    for (const path of ['/feed.xml', '/sport/feed.xml', '/sitemaps/news.xml']) {
      const answer = await get(`${base}${path}`);
      expect(answer.cache, path).toBe('MISS');
      expect(answer.body, path).not.toContain('Ferry timetable changes');
    }
    expect((await get(`${base}/world/feed.xml`)).cache).toBe('HIT');
  });

  it('newsroom state that readers never see (edit locks, staff tokens, uploads) keeps every cached answer', async () => {
    await warm([...syndication, '/', '/articles/cup-final']);
    const editor = await signInAs(built, 'admin');
    const lock = await built.app.inject({ method: 'POST', url: `/api/admin/v1/articles/${ids.sportStory}/lock`, headers: editor.headers, payload: {} });
    expect(lock.statusCode, lock.body).toBe(200);
    const unlock = await built.app.inject({ method: 'DELETE', url: `/api/admin/v1/articles/${ids.sportStory}/lock`, headers: editor.headers });
    expect(unlock.statusCode, unlock.body).toBe(204);
    const token = await built.app.inject({ method: 'POST', url: '/api/admin/v1/me/api-tokens', headers: editor.headers, payload: { name: 'ci' } });
    expect(token.statusCode, token.body).toBe(201);
    for (const path of [...syndication, '/', '/articles/cup-final']) expect((await get(`${base}${path}`)).cache, path).toBe('HIT');
  });

  it('a new author changes the authors sitemap only; the news sitemap moves with the clock', async () => {
    await warm([...syndication, '/sitemaps/authors.xml']);
    await admin('POST', '/authors', { slug: 'new-writer', name: 'New Writer', bio: 'Joined today.' });
    const authors = await get(`${base}/sitemaps/authors.xml`);
    expect(authors.cache).toBe('MISS');
    expect(authors.body).toContain('/authors/new-writer');
    for (const path of syndication) expect((await get(`${base}${path}`)).cache, path).toBe('HIT');

    // The 48-hour window is time dependent: past TRENDING_STALE_MS it is served stale once and
    // re-rendered in the background, like pages with a Trending block.
    offsetMs += 61_000;
    expect((await get(`${base}/sitemaps/news.xml`)).cache).toBe('STALE');
    expect((await get(`${base}/sport/feed.xml`)).cache).toBe('HIT');
  });
});
