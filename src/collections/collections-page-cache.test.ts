import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';
import { markdownToDocument } from '../rich-text/index.js';

/** A raw HTTP GET on loopback: status, X-Cache and body. */
function fetchPage(url: string): Promise<{ status: number; cache: string | undefined; body: string }> {
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

describe("page cache and Editor's Picks / topics", () => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let base: string;
  let editor: Record<string, string>;
  const ids: Record<string, number> = {};
  let sections: Record<string, number>;
  const api = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    built.app.inject({ method, url: `/api/admin/v1${url}`, headers: editor, ...(payload ? { payload } : {}) });
  const warm = async (paths: string[]) => {
    for (const path of paths) await fetchPage(`${base}${path}`);
    for (const path of paths) expect((await fetchPage(`${base}${path}`)).cache, `${path} warmed`).toBe('HIT');
  };
  const cacheStates = async (paths: string[]) => Object.fromEntries(await Promise.all(paths.map(async (p) => [p, (await fetchPage(`${base}${p}`)).cache] as const)));

  beforeAll(async () => {
    built = await buildTestApp();
    editor = (await signInAs(built, 'editor')).headers;
    sections = await makeSections(built.services, ['world', 'sport']);
    for (const slug of ['world-a', 'world-b', 'sport-a', 'sport-b']) {
      ids[slug] = (await makeArticle(built.services, { slug, primarySectionId: slug.startsWith('world') ? sections.world! : sections.sport! })).id;
    }
    ids.named = (await makeArticle(built.services, { slug: 'named', primarySectionId: sections.sport!, body: markdownToDocument('Tony Blair met Gordon Brown in London. Tony Blair spoke first.') })).id;
    await built.services.topics.whenIdle();
    await built.app.listen({ host: '127.0.0.1', port: 0 });
    const address = built.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => built?.close());

  it('a change to a section collection drops exactly the pages that show it', async () => {
    const created = await api('POST', '/collections', { name: 'editors-picks', section_id: sections.world, items: [{ article_id: ids['world-b'] }] });
    expect(created.statusCode).toBe(201);
    const { collection } = created.json() as { collection: { id: number } };
    const paths = ['/', '/world/', '/articles/world-a', '/articles/sport-a'];
    await warm(paths);

    const replaced = await api('PUT', `/collections/${collection.id}/items`, { items: [{ article_id: ids['sport-b'] }] });
    expect(replaced.statusCode).toBe(200);
    // Only the World story page shows World's picks; the home page, the fronts and the Sport story stay cached.
    expect(await cacheStates(paths)).toEqual({ '/': 'HIT', '/world/': 'HIT', '/articles/world-a': 'MISS', '/articles/sport-a': 'HIT' });
    expect((await fetchPage(`${base}/articles/world-a`)).body).toContain('href="/articles/sport-b"');
  });

  it('a change to the site-wide picks drops the home page and the article pages, not the section fronts', async () => {
    const paths = ['/', '/world/', '/sport/', '/articles/world-a', '/articles/sport-a'];
    await warm(paths);
    const created = await api('POST', '/collections', { name: 'editors-picks', items: [{ article_id: ids['world-a'] }] });
    expect(created.statusCode).toBe(201);
    expect(await cacheStates(paths)).toEqual({ '/': 'MISS', '/world/': 'HIT', '/sport/': 'HIT', '/articles/world-a': 'MISS', '/articles/sport-a': 'MISS' });
    expect((await fetchPage(`${base}/`)).body).toContain('id="home-editors-picks"');

    // The home page lead collection only concerns the home page.
    await warm(paths);
    expect((await api('POST', '/collections', { name: 'homepage-lead', items: [{ article_id: ids['sport-a'] }] })).statusCode).toBe(201);
    expect(await cacheStates(paths)).toEqual({ '/': 'MISS', '/world/': 'HIT', '/sport/': 'HIT', '/articles/world-a': 'HIT', '/articles/sport-a': 'HIT' });
  });

  it('topic edits drop the topic page and the story page, and leave other pages cached', async () => {
    const blair = await built.services.topics.findTopic('tony-blair');
    expect(blair).toBeDefined();
    const paths = ['/topics/tony-blair', '/topics/gordon-brown', '/articles/named', '/articles/sport-a', '/'];
    await warm(paths);
    expect((await api('PATCH', `/topics/${blair!.id}`, { name: 'Anthony Blair' })).statusCode).toBe(200);
    expect(await cacheStates(paths)).toEqual({ '/topics/tony-blair': 'MISS', '/topics/gordon-brown': 'HIT', '/articles/named': 'MISS', '/articles/sport-a': 'HIT', '/': 'HIT' });
    expect((await fetchPage(`${base}/articles/named`)).body).toContain('>Anthony Blair</a>');

    await warm([...paths, '/world/']);
    const brown = await built.services.topics.findTopic('gordon-brown');
    expect((await built.app.inject({ method: 'DELETE', url: `/api/admin/v1/articles/${ids.named}/topics/${brown!.id}`, headers: editor })).statusCode).toBe(204);
    // The story's key drops the pages that list it (home, its other topic pages); others stay.
    expect(await cacheStates([...paths, '/world/'])).toEqual({ '/topics/tony-blair': 'MISS', '/topics/gordon-brown': 'MISS', '/articles/named': 'MISS', '/articles/sport-a': 'HIT', '/': 'MISS', '/world/': 'HIT' });
    expect((await fetchPage(`${base}/topics/gordon-brown`)).body).not.toContain('href="/articles/named"');
  });

  it('publishing a story drops the pages of the topics detected in it', async () => {
    const created = await built.app.inject({ method: 'POST', url: '/api/admin/v1/articles', headers: editor, payload: { headline: 'Blair returns', primary_section_id: sections.world, body_markdown: 'Tony Blair visited Paris.' } });
    expect(created.statusCode).toBe(201);
    const paths = ['/topics/tony-blair', '/topics/gordon-brown'];
    await built.services.topics.whenIdle();
    await warm(paths);
    const { article } = created.json() as { article: { id: number; version: number } };
    expect((await built.app.inject({ method: 'POST', url: `/api/admin/v1/articles/${article.id}/publish`, headers: editor, payload: { version: article.version } })).statusCode).toBe(200);
    // Detection runs after the acknowledgment; its end drops the pages of the topics it found.
    await built.services.topics.whenIdle();
    expect(await cacheStates(paths)).toEqual({ '/topics/tony-blair': 'MISS', '/topics/gordon-brown': 'HIT' });
    expect((await fetchPage(`${base}/topics/tony-blair`)).body).toContain('Blair returns');
  });
});
