import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';
import { buildCachedPage } from './page-cache.js';

function get(url: string): Promise<{ status: number; cache: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cache: res.headers['x-cache'] as string | undefined, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('exact invalidation for newsroom writes, stale-while-revalidate and the purge webhook', () => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let base: string;
  let hook: Server;
  const purges: unknown[] = [];
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };
  const ids = { ann: 0, bob: 0, tag: 0, world: 0, sport: 0, about: 0, contact: 0 };

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        purges.push({ method: req.method, type: req.headers['content-type'], body: JSON.parse(body) as unknown });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookAddress = hook.address();
    const hookPort = typeof hookAddress === 'object' && hookAddress ? hookAddress.port : 0;
    built = await buildTestApp({ clock, env: { PURGE_WEBHOOK_URL: `http://127.0.0.1:${hookPort}/purge`, TRENDING_STALE_MS: '60000' } });
    const { services } = built;
    const sections = await makeSections(services, ['world', 'sport']);
    ids.world = sections.world!;
    ids.sport = sections.sport!;
    const system = { actor: { system: 'cli' as const }, audit: services.audit };
    ids.ann = (await services.authors.createAuthor({ slug: 'ann-writer', name: 'Ann Writer', bio: 'Ann.' })).id;
    ids.bob = (await services.authors.createAuthor({ slug: 'bob-writer', name: 'Bob Writer', bio: 'Bob.' })).id;
    ids.tag = (await services.tags.createTag({ name: 'Harbours' }, system)).id;
    await makeArticle(services, { slug: 'ann-story', primarySectionId: ids.world, authorIds: [ids.ann], tagIds: [ids.tag] });
    await makeArticle(services, { slug: 'bob-story', primarySectionId: ids.sport, authorIds: [ids.bob] });
    ids.about = (await services.pages.createPage({ slug: 'about', title: 'About us', bodyMarkdown: 'We report.' })).id;
    ids.contact = (await services.pages.createPage({ slug: 'contact', title: 'Contact', bodyMarkdown: 'Write to us.' })).id;
    await built.app.listen({ host: '127.0.0.1', port: 0 });
    const address = built.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await built?.close();
    await new Promise((resolve) => hook?.close(resolve));
  });

  /** Renders each path, then checks the second request is a hit. */
  const warm = async (paths: string[]) => {
    for (const path of paths) await get(`${base}${path}`);
    for (const path of paths) expect((await get(`${base}${path}`)).cache, `${path} warmed`).toBe('HIT');
  };
  const admin = async (method: 'PATCH' | 'POST', url: string, payload: object) => {
    const editor = await signInAs(built, 'admin');
    const response = await built.app.inject({ method, url: `/api/admin/v1${url}`, headers: editor.headers, payload });
    expect(response.statusCode, response.body).toBeLessThan(300);
  };
  const all = ['/', '/world/', '/sport/', '/articles/ann-story', '/articles/bob-story', '/authors/ann-writer', '/authors/bob-writer', '/tags/harbours', '/about', '/contact'];

  it('renaming an author drops their page, their stories and the lists naming them, nothing else', async () => {
    await warm(all);
    purges.length = 0;
    await admin('PATCH', `/authors/${ids.ann}`, { name: 'Ann Reporter' });
    for (const path of ['/authors/ann-writer', '/articles/ann-story', '/', '/world/', '/tags/harbours']) {
      const page = await get(`${base}${path}`);
      expect(page.cache, path).toBe('MISS');
      expect(page.body, path).toContain('Ann Reporter');
    }
    for (const path of ['/sport/', '/articles/bob-story', '/authors/bob-writer', '/about', '/contact']) expect((await get(`${base}${path}`)).cache, path).toBe('HIT');
    await vi.waitFor(() => expect(purges).toEqual([{ method: 'POST', type: 'application/json', body: { keys: [`author:${ids.ann}`, 'list:authors'] } }]));
  });

  it('renaming a tag drops its page and its stories only', async () => {
    await warm(all);
    await admin('PATCH', `/tags/${ids.tag}`, { name: 'Ports' });
    for (const path of ['/tags/harbours', '/articles/ann-story']) {
      const page = await get(`${base}${path}`);
      expect(page.cache, path).toBe('MISS');
      expect(page.body, path).toContain('Ports');
    }
    for (const path of ['/', '/world/', '/sport/', '/articles/bob-story', '/authors/ann-writer', '/about']) expect((await get(`${base}${path}`)).cache, path).toBe('HIT');
  });

  it('a static page body edit drops that page only; a new title changes every footer', async () => {
    await warm(all);
    await admin('PATCH', `/pages/${ids.about}`, { body_markdown: 'We report the news.' });
    const about = await get(`${base}/about`);
    expect(about.cache).toBe('MISS');
    expect(about.body).toContain('We report the news.');
    for (const path of ['/', '/contact', '/articles/ann-story']) expect((await get(`${base}${path}`)).cache, path).toBe('HIT');

    await admin('PATCH', `/pages/${ids.about}`, { title: 'Who we are' });
    for (const path of ['/', '/contact', '/articles/ann-story']) {
      const page = await get(`${base}${path}`);
      expect(page.cache, path).toBe('MISS');
      expect(page.body, path).toContain('Who we are');
    }
  });

  it('a section description changes its front only; a rename and settings change every page', async () => {
    await warm(all);
    await admin('PATCH', `/sections/${ids.world}`, { description: 'News from every continent.' });
    const front = await get(`${base}/world/`);
    expect(front.cache).toBe('MISS');
    expect(front.body).toContain('News from every continent.');
    for (const path of ['/', '/sport/', '/articles/ann-story']) expect((await get(`${base}${path}`)).cache, path).toBe('HIT');

    purges.length = 0;
    await admin('PATCH', '/settings', { name: 'The Harbour Gazette' });
    for (const path of ['/', '/sport/', '/about']) {
      const page = await get(`${base}${path}`);
      expect(page.cache, path).toBe('MISS');
      expect(page.body, path).toContain('The Harbour Gazette');
    }
    await vi.waitFor(() => expect(purges).toEqual([{ method: 'POST', type: 'application/json', body: { all: true } }]));
  });

  it('serves a stale time-dependent page at once and re-renders it once in the background', async () => {
    const cache = built.pageCache!;
    // A page with a Trending block, rendered a while ago.
    cache.set('/sport/', buildCachedPage({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from('<p>old trending</p>'), tags: ['site', 'trending', `list:section:${ids.sport}`], nowMs: clock.now().getTime(), freshForMs: 60_000 }));
    expect((await get(`${base}/sport/`)).body).toBe('<p>old trending</p>');
    const stores = vi.spyOn(cache, 'set');
    offsetMs += 61_000;
    const first = await get(`${base}/sport/`);
    expect(first.cache).toBe('STALE');
    expect(first.body).toBe('<p>old trending</p>');
    // Requests meanwhile are answered from the cache too (the old page, or the new one once
    // stored), never by waiting for a render (MISS), and they start no second render.
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => get(`${base}/sport/`)));
    for (const answer of answers) expect(['STALE', 'HIT']).toContain(answer.cache);
    await vi.waitFor(() => expect(cache.peek('/sport/')?.body.toString()).toContain('bob-story'));
    expect(stores.mock.calls.filter(([key]) => key === '/sport/')).toHaveLength(1);
    stores.mockRestore();
    const fresh = await get(`${base}/sport/`);
    expect(fresh.cache).toBe('HIT');
    expect(fresh.body).toContain('bob-story');
  });

  it('a stale page whose URL no longer renders is dropped by its background render', async () => {
    const cache = built.pageCache!;
    cache.set('/gone-section/', buildCachedPage({ status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from('old'), tags: ['trending'], nowMs: clock.now().getTime() - 120_000, freshForMs: 60_000 }));
    expect((await get(`${base}/gone-section/`)).cache).toBe('STALE');
    await vi.waitFor(() => expect(cache.peek('/gone-section/')).toBeUndefined());
    expect((await get(`${base}/gone-section/`)).status).toBe(404);
  });
});
