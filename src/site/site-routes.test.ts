import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltApp } from '../app.js';
import { markdownToDocument } from '../rich-text/index.js';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import type { SectionIds } from '../../test/support/factories.js';

/** Position of each needle in html, in order; fails if one is missing. */
function positions(html: string, needles: string[]): number[] {
  return needles.map((needle) => {
    const at = html.indexOf(needle);
    if (at === -1) throw new Error(`missing in page: ${needle}`);
    return at;
  });
}

describe('reader site', () => {
  let built: BuiltApp & { close(): Promise<void> };
  let sections: SectionIds;
  afterAll(async () => built?.close());
  const get = (url: string, headers: Record<string, string> = {}) => built.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    built = await buildTestApp();
    const { services } = built;
    await services.settings.updatePublication({ name: 'The Test Gazette', description: 'News for testing.', timeZone: 'Asia/Bishkek', language: 'en-GB' });
    sections = await makeSections(services, ['world', 'world/asia', 'world/asia/russia', 'sport']);
    const author = await services.authors.createAuthor({ slug: 'ann-reporter', name: 'Ann Reporter', bio: 'Covers Asia.' });
    const second = await services.authors.createAuthor({ slug: 'bo-writer', name: 'Bo Writer' });
    const tag = await services.tags.ensureTag('Rivers');
    await makeArticle(services, {
      slug: 'volga-floods',
      kicker: 'Analysis',
      headline: 'Volga floods <reach> the delta',
      dek: 'Water levels are the highest in decades.',
      primarySectionId: sections['world/asia/russia']!,
      authorIds: [author.id, second.id],
      tagIds: [tag.id],
      dateline: 'ASTRAKHAN',
      publishedAt: '2026-05-01T06:00:00Z',
      updatedAt: '2026-05-01T09:30:00Z',
      leadImage: { src: '/media/x-1280.jpg', alt: 'Flooded streets', caption: 'Streets under water', credit: 'Photo: Staff', width: 1280, height: 720 },
      body: markdownToDocument('The river rose overnight.\n\n## What happened\n\n> It came fast.\n\n- one\n- two'),
      corrections: [{ body: 'An earlier version gave the wrong river.', correctedAt: '2026-05-01T09:00:00Z' }],
    });
    for (let i = 0; i < 24; i++) await makeArticle(services, { primarySectionId: sections.sport!, publishedAt: `2026-04-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z` });
    await services.pages.createPage({ slug: 'about', title: 'About us', body: markdownToDocument('We are a test newspaper.') });
  });

  it('renders the article page with every block in order', async () => {
    const response = await get('/articles/volga-floods');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = response.body;
    const body = html.slice(html.indexOf('<body'));
    const order = positions(body, [
      'id="top"',
      'aria-label="Breadcrumb"',
      'Analysis',
      '<h1',
      'Water levels are the highest in decades.',
      'href="/authors/ann-reporter"',
      'ASTRAKHAN',
      'datetime="2026-05-01T06:00:00.000Z"',
      'datetime="2026-05-01T09:30:00.000Z"',
      'Streets under water',
      'The river rose overnight.',
      'An earlier version gave the wrong river.',
      'href="/tags/rivers"',
      'Read the latest World news on The Test Gazette',
      'data-slot="related"',
      'data-slot="public-reaction"',
      'data-slot="editors-picks"',
      'data-slot="trending"',
      'href="#top"',
    ]);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('Volga floods &lt;reach&gt; the delta');
    expect(html).not.toContain('<reach>');
    // Home › World › Asia › Russia
    const crumbs = /<nav[^>]*aria-label="Breadcrumb"[^>]*>([\s\S]*?)<\/nav>/.exec(body)?.[1] ?? '';
    expect(crumbs.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()).toMatch(/^Home\W+World\W+Asia\W+Russia$/);
    // Shown in the publication's time zone (Asia/Bishkek is UTC+6).
    expect(html).toMatch(/1 May 2026(,| at) 12:00/);
    expect(html).toContain('"@type":"BreadcrumbList"');
    expect(html).toContain('<link rel="canonical" href="http://news.test/articles/volga-floods">');
  });

  it('sends a CSP without inline scripts and public cache headers', async () => {
    const response = await get('/articles/volga-floods');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['cache-control']).toContain('public');
    expect(response.body).not.toMatch(/<script(?![^>]*(?:application\/ld\+json|src="\/assets\/))/);
  });

  it('redirects an old slug with 301 and answers 410 for an unpublished story', async () => {
    const { services } = built;
    const story = await makeArticle(services, { slug: 'first-title', primarySectionId: sections.world! });
    await services.articles.changeSlug(story.id, 'second-title');
    const moved = await get('/articles/first-title');
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/articles/second-title');
    await services.articles.unpublish(story.id);
    expect((await get('/articles/second-title')).statusCode).toBe(410);
    expect((await get('/articles/first-title')).statusCode).toBe(410);
  });

  it('hides drafts behind a 404', async () => {
    await makeArticle(built.services, { slug: 'secret-draft', status: 'draft', publishedAt: null, primarySectionId: sections.world! });
    expect((await get('/articles/secret-draft')).statusCode).toBe(404);
  });

  it('shows the home page with the lead story and section blocks', async () => {
    const response = await get('/');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('href="/articles/volga-floods"');
    expect(response.body).toContain('href="/sport/"');
    expect(response.body).toContain('<html lang="en-GB">');
  });

  it('pages a section front including its subsections, and 404s past the end', async () => {
    const world = await get('/world/');
    expect(world.statusCode).toBe(200);
    expect(world.body).toContain('href="/articles/volga-floods"');
    expect(world.body).toContain('href="/world/asia/"');
    const page1 = await get('/sport/');
    const page2 = await get('/sport/?page=2');
    expect(page1.body.match(/<article class="story-card/g)?.length).toBe(20);
    expect(page2.body.match(/<article class="story-card/g)?.length).toBe(4);
    expect(page1.body).toContain('href="/sport/?page=2"');
    expect((await get('/sport/?page=3')).statusCode).toBe(404);
    expect((await get('/sport/?page=abc')).statusCode).toBe(404);
    const noSlash = await get('/world/asia');
    expect(noSlash.statusCode).toBe(301);
    expect(noSlash.headers.location).toBe('/world/asia/');
  });

  it('shows author, tag, static and search pages', async () => {
    const author = await get('/authors/ann-reporter');
    expect(author.statusCode).toBe(200);
    expect(author.body).toContain('Covers Asia.');
    expect(author.body).toContain('href="/articles/volga-floods"');
    expect((await get('/tags/rivers')).body).toContain('href="/articles/volga-floods"');
    expect((await get('/about')).body).toContain('We are a test newspaper.');
    const search = await get('/search?q=volga%20delta');
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain('href="/articles/volga-floods"');
    expect((await get('/authors/nobody')).statusCode).toBe(404);
    expect((await get('/tags/nothing')).statusCode).toBe(404);
  });

  it('answers unknown URLs with the 404 page and its search box', async () => {
    for (const url of ['/no/such/page/', '/nothing-here', '/articles/', '/articles/UPPER', '/%E0%A4%A', '/articles/%ZZ', '/world/../etc/passwd']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).toContain('action="/search"');
    }
  });

  it('refuses a huge URL with 414 at once', async () => {
    const response = await get(`/${'a'.repeat(10_000)}`);
    expect(response.statusCode).toBe(414);
    expect(response.json()).toMatchObject({ status: 414, code: 'URI_TOO_LONG' });
  });

  it('answers unknown API URLs with problem details', async () => {
    const response = await get('/api/nothing');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('reports health and readiness', async () => {
    expect((await get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await get('/readyz')).json()).toEqual({ status: 'ready', database: 'sqlite' });
  });

  it('serves theme assets', async () => {
    const css = await get('/assets/site.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
  });

  it('shows a settings change made through the services once the app is told content changed', async () => {
    expect((await get('/')).body).toContain('The Test Gazette');
    await built.services.settings.updatePublication({ name: 'The Renamed Gazette' });
    built.contentChanged();
    expect((await get('/')).body).toContain('The Renamed Gazette');
    await built.services.settings.updatePublication({ name: 'The Test Gazette' });
    built.contentChanged();
  });
});
