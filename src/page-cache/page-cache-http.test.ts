import { brotliDecompressSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';

/** A raw HTTP GET/HEAD on loopback, returning status, headers and the undecoded body. */
function fetchRaw(url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('page cache over real HTTP', () => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let base: string;
  let sectionId: number;

  beforeAll(async () => {
    built = await buildTestApp();
    const sections = await makeSections(built.services, ['world', 'sport']);
    sectionId = sections.world!;
    await makeArticle(built.services, { slug: 'cached-story', primarySectionId: sections.world! });
    await makeArticle(built.services, { slug: 'other-story', primarySectionId: sections.sport! });
    await built.app.listen({ host: '127.0.0.1', port: 0 });
    const address = built.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => built?.close());

  it('renders once, then serves hits with ETag, 304, brotli, gzip and HEAD', async () => {
    const first = await fetchRaw(`${base}/articles/cached-story`);
    expect(first.status).toBe(200);
    expect(first.headers['x-cache']).toBe('MISS');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"/);
    expect(String(first.headers['surrogate-key']).split(' ')).toEqual(expect.arrayContaining(['site', expect.stringMatching(/^article:\d+$/)]));

    const hit = await fetchRaw(`${base}/articles/cached-story`);
    expect(hit.headers['x-cache']).toBe('HIT');
    expect(hit.body.equals(first.body)).toBe(true);
    expect(hit.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
    expect(hit.headers['cache-control']).toContain('s-maxage');
    // Security headers are replayed on hits; the obsolete ones are not sent at all.
    expect(hit.headers['x-content-type-options']).toBe('nosniff');
    expect(hit.headers['x-frame-options']).toBe(first.headers['x-frame-options']);
    expect(first.headers['x-xss-protection']).toBeUndefined();
    expect(hit.headers['x-download-options']).toBeUndefined();

    const br = await fetchRaw(`${base}/articles/cached-story`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(first.body)).toBe(true);
    expect((await fetchRaw(`${base}/articles/cached-story`, { headers: { 'accept-encoding': 'gzip' } })).headers['content-encoding']).toBe('gzip');

    const notModified = await fetchRaw(`${base}/articles/cached-story`, { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);

    const head = await fetchRaw(`${base}/articles/cached-story`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBe(first.body.length);
  });

  it('never serves or stores a shared page for a signed-in request', async () => {
    const editor = await signInAs(built, 'editor');
    await fetchRaw(`${base}/articles/other-story`);
    const signedIn = await fetchRaw(`${base}/articles/other-story`, { headers: { cookie: editor.headers.cookie! } });
    expect(signedIn.headers['x-cache']).toBeUndefined();
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers['cache-control']).toBe('private, no-store');
    expect((await fetchRaw(`${base}/articles/other-story`)).headers['cache-control']).toContain('public');
  });

  it('drops cached pages when the newsroom changes something', async () => {
    await fetchRaw(`${base}/world/`);
    expect((await fetchRaw(`${base}/world/`)).headers['x-cache']).toBe('HIT');
    const editor = await signInAs(built, 'editor');
    const renamed = await built.app.inject({ method: 'PATCH', url: `/api/admin/v1/sections/${sectionId}`, headers: editor.headers, payload: { name: 'Planet' } });
    expect(renamed.statusCode).toBe(200);
    const after = await fetchRaw(`${base}/world/`);
    expect(after.headers['x-cache']).toBe('MISS');
    expect(after.body.toString()).toContain('Planet');
  });

  it('drops exactly the pages a published story changes, and keeps the rest', async () => {
    const editor = await signInAs(built, 'editor');
    const sections = await built.services.sections.getTree();
    const world = sections.byPath.get('world')!;
    const sport = sections.byPath.get('sport')!;
    const warm = ['/', '/world/', '/sport/', '/articles/cached-story', '/articles/other-story'];
    for (const path of warm) await fetchRaw(`${base}${path}`);
    for (const path of warm) expect((await fetchRaw(`${base}${path}`)).headers['x-cache'], path).toBe('HIT');

    // A draft changes no public page.
    const created = await built.app.inject({ method: 'POST', url: '/api/admin/v1/articles', headers: editor.headers, payload: { headline: 'Fresh world story', primary_section_id: world.id, body_markdown: 'News.' } });
    expect(created.statusCode).toBe(201);
    for (const path of warm) expect((await fetchRaw(`${base}${path}`)).headers['x-cache'], `${path} after a draft`).toBe('HIT');

    // Publishing it changes the home page and the World front only.
    const { article } = created.json() as { article: { id: number; version: number } };
    const published = await built.app.inject({ method: 'POST', url: `/api/admin/v1/articles/${article.id}/publish`, headers: editor.headers, payload: { version: article.version } });
    expect(published.statusCode).toBe(200);
    expect((await fetchRaw(`${base}/`)).headers['x-cache']).toBe('MISS');
    const front = await fetchRaw(`${base}/world/`);
    expect(front.headers['x-cache']).toBe('MISS');
    expect(front.body.toString()).toContain('Fresh world story');
    expect((await fetchRaw(`${base}/sport/`)).headers['x-cache'], '/sport/').toBe('HIT');
    // Article pages change only when their Related list now shows the new story.
    for (const slug of ['cached-story', 'other-story']) {
      const found = await built.services.articles.lookupPublished(slug);
      const showsIt = found.kind === 'found' && (await built.services.related.listRelated(found.article.id)).some((entry) => entry.id === article.id);
      expect((await fetchRaw(`${base}/articles/${slug}`)).headers['x-cache'], slug).toBe(showsIt ? 'MISS' : 'HIT');
    }
    expect(sport.id).not.toBe(world.id);
  });
});
