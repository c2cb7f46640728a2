import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import { availableDialects } from '../../test/support/test-databases.js';
import type { Article } from '../articles/index.js';
import { SCHEMAS_DIR, isToolAvailable, validateWithXmllint } from './schema-check-tools.js';

const SITEMAPS = join(SCHEMAS_DIR, 'sitemaps');
/** The sitemaps.org schema plus Google's image and news extensions (see the corpus's CLIENTS.md). */
const URLSET_XSD = join(SITEMAPS, 'sitemap-with-extensions.local.xsd');
const INDEX_XSD = join(SITEMAPS, 'siteindex.xsd');
const HOUR = 60 * 60 * 1000;
// The month and date-range queries behind sitemaps are new SQL, so they run on both dialects.
const dialects = await availableDialects();

describe.each(dialects)('sitemap routes on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let januaryStory: Article;
  let marchStory: Article;
  let freshStory: Article;
  let oldStory: Article;
  const get = (url: string, headers: Record<string, string> = {}) => built.app.inject({ method: 'GET', url, headers });
  const expectValid = (xml: string, xsd: string) => {
    if (!isToolAvailable('xmllint')) return;
    const result = validateWithXmllint(xml, xsd);
    expect(result.ok, result.output).toBe(true);
  };

  beforeAll(async () => {
    built = await buildTestApp({ dialect });
    const { services } = built;
    const sections = await makeSections(services, ['world', 'world/asia']);
    const ann = await services.authors.createAuthor({ slug: 'ann-lee', name: 'Ann Lee' });
    const tag = await services.tags.ensureTag('Elections');
    await services.pages.createPage({ slug: 'about', title: 'About us', bodyMarkdown: 'Who we are.', status: 'published' });
    const image = { src: '/media/harbour/960.jpg', alt: 'Boats & nets', variants: [{ src: '/media/harbour/960.jpg', width: 960, type: 'image/jpeg' as const }] };
    januaryStory = await makeArticle(services, { primarySectionId: sections.world!, authorIds: [ann.id], tagIds: [tag.id], leadImage: image, publishedAt: '2026-01-15T10:00:00.000Z', updatedAt: '2026-01-16T11:00:00.000Z' });
    marchStory = await makeArticle(services, { primarySectionId: sections['world/asia']!, publishedAt: '2026-03-31T23:59:59.000Z' });
    const now = Date.now();
    freshStory = await makeArticle(services, { primarySectionId: sections.world!, headline: 'Harbour <reopens> & "thrives"', publishedAt: new Date(now - 2 * HOUR).toISOString() });
    oldStory = await makeArticle(services, { primarySectionId: sections.world!, publishedAt: new Date(now - 72 * HOUR).toISOString() });
    await makeArticle(services, { primarySectionId: sections.world!, headline: 'Unpublished draft story', status: 'draft', publishedAt: null });
    await makeArticle(services, { primarySectionId: sections.world!, headline: 'Story scheduled for later', status: 'published', publishedAt: new Date(now + 24 * HOUR).toISOString() });
  });
  afterAll(async () => built?.close());

  it('indexes one sitemap per month with stories, the listings and the news sitemap', async () => {
    const response = await get('/sitemap.xml');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
    expectValid(response.body, INDEX_XSD);
    const locs = [...response.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    const months = [...new Set([freshStory, oldStory].map((s) => s.publishedAt!.slice(0, 7)))].sort().reverse();
    expect(locs).toEqual([
      ...months.map((m) => `http://news.test/sitemaps/articles-${m}.xml`),
      'http://news.test/sitemaps/articles-2026-03.xml',
      'http://news.test/sitemaps/articles-2026-01.xml',
      ...['sections', 'authors', 'tags', 'pages', 'news'].map((n) => `http://news.test/sitemaps/${n}.xml`),
    ].filter((loc, i, all) => all.indexOf(loc) === i));
  });

  it('lists a month of stories with lastmod and lead images, and validates', async () => {
    const response = await get('/sitemaps/articles-2026-01.xml');
    expect(response.statusCode).toBe(200);
    expectValid(response.body, URLSET_XSD);
    expect(response.body).toContain(`<url><loc>http://news.test/articles/${januaryStory.slug}</loc><lastmod>2026-01-16T11:00:00Z</lastmod><image:image><image:loc>http://news.test/media/harbour/960.jpg</image:loc><image:caption>Boats &amp; nets</image:caption></image:image></url>`);
    const march = await get('/sitemaps/articles-2026-03.xml');
    expectValid(march.body, URLSET_XSD);
    expect(march.body).toContain(`/articles/${marchStory.slug}</loc>`);
    expect(march.body).not.toContain(januaryStory.slug);
  });

  it('validates every file the index names', async () => {
    const index = (await get('/sitemap.xml')).body;
    for (const [, loc] of index.matchAll(/<loc>([^<]+)<\/loc>/g)) {
      const response = await get(new URL(loc!).pathname);
      expect(response.statusCode, loc).toBe(200);
      expectValid(response.body, URLSET_XSD);
      expect(response.body, loc).not.toContain('Unpublished draft story');
    }
  });

  it('lists sections, authors, tags and pages', async () => {
    expect((await get('/sitemaps/sections.xml')).body).toContain('<loc>http://news.test/world/asia/</loc>');
    expect((await get('/sitemaps/authors.xml')).body).toContain('<loc>http://news.test/authors/ann-lee</loc>');
    expect((await get('/sitemaps/tags.xml')).body).toContain('<loc>http://news.test/tags/elections</loc>');
    const pages = (await get('/sitemaps/pages.xml')).body;
    expect(pages).toContain('<loc>http://news.test/</loc>');
    expect(pages).toContain('<loc>http://news.test/about</loc>');
  });

  it('puts only the last 48 hours in the Google News sitemap, never drafts or scheduled stories', async () => {
    const response = await get('/sitemaps/news.xml');
    expectValid(response.body, URLSET_XSD);
    expect(response.body).toContain(
      `<url><loc>http://news.test/articles/${freshStory.slug}</loc><news:news><news:publication><news:name>Broadsheet</news:name><news:language>en</news:language></news:publication><news:publication_date>${freshStory.publishedAt!.replace(/\.\d{3}Z$/, 'Z')}</news:publication_date><news:title>Harbour &lt;reopens&gt; &amp; &quot;thrives&quot;</news:title></news:news></url>`,
    );
    expect(response.body).not.toContain(oldStory.slug);
    expect(response.body).not.toContain('draft');
    expect(response.body).not.toContain('scheduled-for-later');
  });

  it('answers 404 for months without stories and unknown sitemap names', async () => {
    for (const url of ['/sitemaps/articles-2025-07.xml', '/sitemaps/articles-2026-13.xml', '/sitemaps/nothing.xml', '/sitemaps/news.json']) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await get('/sitemaps/articles-2026-01.xml');
    expect(first.headers['last-modified']).toBe('Fri, 16 Jan 2026 11:00:00 GMT');
    expect((await get('/sitemaps/articles-2026-01.xml', { 'if-none-match': String(first.headers.etag) })).statusCode).toBe(304);
  });

  it('serves robots.txt naming the sitemap index and the news sitemap', async () => {
    const response = await get('/robots.txt');
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toBe(
      'User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /admin\n\nSitemap: http://news.test/sitemap.xml\nSitemap: http://news.test/sitemaps/news.xml\n',
    );
  });

  it('refuses a broken sitemap, so the validation above means something', () => {
    if (!isToolAvailable('xmllint')) return;
    const broken = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><lastmod>yesterday</lastmod></url></urlset>';
    expect(validateWithXmllint(broken, URLSET_XSD).ok).toBe(false);
  });
});
