import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltApp } from '../app.js';
import type { Article } from '../articles/index.js';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import type { SectionIds } from '../../test/support/factories.js';
import { newsArticleJsonLd, organizationJsonLd } from './json-ld.js';
import { loadSiteContext } from './site-context.js';

type Json = Record<string, unknown>;

const ORIGIN = 'http://news.test';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const XSS = '</script><script>alert(1)</script>';

/** Every `<script type="application/ld+json">` block of a page, parsed with JSON.parse. */
function jsonLdBlocks(html: string): Json[] {
  const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
  return blocks.map((text) => JSON.parse(text) as Json);
}

function ofType(blocks: Json[], type: string): Json {
  const found = blocks.find((b) => b['@type'] === type);
  if (!found) throw new Error(`no ${type} JSON-LD in ${JSON.stringify(blocks.map((b) => b['@type']))}`);
  return found;
}

const decode = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&amp;/g, '&');

/** `<meta property|name="key" content="…">` values of the head, decoded, in page order. */
function metaTags(html: string): Map<string, string[]> {
  const head = html.slice(0, html.indexOf('</head>'));
  const tags = new Map<string, string[]>();
  for (const m of head.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g)) {
    const key = m[1] ?? '';
    tags.set(key, [...(tags.get(key) ?? []), decode(m[2] ?? '')]);
  }
  return tags;
}

const one = (tags: Map<string, string[]>, key: string) => {
  const values = tags.get(key) ?? [];
  expect(values, key).toHaveLength(1);
  return values[0];
};

const SDTT = join(process.cwd(), 'node_modules', '.bin', 'sdtt');

/** Runs structured-data-testing-tool (offline, on a file); resolves with its exit code and output. */
async function sdtt(html: string, args: string[]): Promise<{ code: number; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sdtt-'));
  try {
    const file = join(dir, 'page.html');
    await writeFile(file, html);
    try {
      const { stdout, stderr } = await promisify(execFile)(SDTT, ['--file', file, ...args], { timeout: 30_000 });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const isAbsolute = (url: unknown) => typeof url === 'string' && url.startsWith(`${ORIGIN}/`);

describe('structured data and social tags', () => {
  let built: BuiltApp & { close(): Promise<void> };
  let sections: SectionIds;
  let plain: Article;
  afterAll(async () => built?.close());
  const get = async (url: string) => {
    const response = await built.app.inject({ method: 'GET', url });
    expect(response.statusCode, url).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    built = await buildTestApp();
    const { services } = built;
    await services.settings.updatePublication({ name: 'The Test Gazette', description: 'News for testing.', language: 'en-GB', logoUrl: '/media/logo.png' });
    sections = await makeSections(services, ['world', 'world/asia', 'sport']);
    const ann = await services.authors.createAuthor({ slug: 'ann-reporter', name: 'Ann Reporter' });
    const bo = await services.authors.createAuthor({ slug: 'bo-writer', name: 'Bo Writer' });
    const rivers = await services.tags.ensureTag('Rivers');
    const floods = await services.tags.ensureTag('Floods & droughts');
    await makeArticle(services, {
      slug: 'volga-floods',
      headline: 'Volga floods reach the delta',
      dek: 'Water levels are the highest in decades.',
      seoTitle: 'Volga floods: SEO title',
      seoDescription: 'SEO description of the floods.',
      socialTitle: 'Share: the Volga floods',
      socialDescription: 'Social description of the floods.',
      primarySectionId: sections['world/asia']!,
      authorIds: [ann.id, bo.id],
      tagIds: [rivers.id, floods.id],
      publishedAt: '2026-05-01T06:00:00Z',
      updatedAt: '2026-05-01T09:30:00Z',
      leadImage: {
        src: '/media/volga-1280.jpg',
        alt: 'Flooded streets',
        width: 1280,
        height: 720,
        variants: [
          { src: '/media/volga-640.jpg', width: 640, type: 'image/jpeg' },
          { src: '/media/volga-1920.jpg', width: 1920, type: 'image/jpeg' },
          { src: '/media/volga-1920.webp', width: 1920, type: 'image/webp' },
        ],
      },
      corrections: [{ body: 'An earlier version gave the wrong river.', correctedAt: '2026-05-01T09:00:00Z' }],
    });
    plain = await makeArticle(services, {
      slug: 'plain-story',
      headline: `${'A very long headline about nothing in particular '.repeat(3)}& more`,
      dek: 'A plain standfirst.',
      primarySectionId: sections.sport!,
      publishedAt: '2026-05-02T06:00:00Z',
    });
    await makeArticle(services, {
      slug: 'hostile-story',
      headline: `Breaking ${XSS} news`,
      dek: `A dek with ${XSS} & <b>markup</b> \u2028 too.`,
      primarySectionId: sections.sport!,
      publishedAt: '2026-05-03T06:00:00Z',
    });
  });

  it('gives the article page a NewsArticle with every property Google recommends', async () => {
    const blocks = jsonLdBlocks(await get('/articles/volga-floods'));
    expect(blocks.map((b) => b['@type'])).toEqual(['NewsArticle', 'BreadcrumbList']);
    const article = ofType(blocks, 'NewsArticle');
    expect(article['@context']).toBe('https://schema.org');
    expect(article.headline).toBe('Volga floods reach the delta');
    expect(article.image).toEqual([`${ORIGIN}/media/volga-1920.jpg`, `${ORIGIN}/media/volga-1280.jpg`, `${ORIGIN}/media/volga-1920.webp`]);
    expect(article.datePublished).toBe('2026-05-01T06:00:00.000Z');
    expect(article.dateModified).toBe('2026-05-01T09:30:00.000Z');
    expect(article.datePublished).toMatch(ISO);
    expect(article.dateModified).toMatch(ISO);
    expect(article.author).toEqual([
      { '@type': 'Person', name: 'Ann Reporter', url: `${ORIGIN}/authors/ann-reporter` },
      { '@type': 'Person', name: 'Bo Writer', url: `${ORIGIN}/authors/bo-writer` },
    ]);
    expect(article.publisher).toEqual({
      '@type': 'NewsMediaOrganization',
      name: 'The Test Gazette',
      url: `${ORIGIN}/`,
      logo: { '@type': 'ImageObject', url: `${ORIGIN}/media/logo.png` },
    });
    expect(article.mainEntityOfPage).toEqual({ '@type': 'WebPage', '@id': `${ORIGIN}/articles/volga-floods` });
    expect(article.url).toBe(`${ORIGIN}/articles/volga-floods`);
    expect(article.articleSection).toBe('Asia');
    expect(article.keywords).toBe('Rivers, Floods & droughts');
    expect(article.inLanguage).toBe('en-GB');
    expect(article.isAccessibleForFree).toBe(true);
    expect(article.correction).toEqual([{ '@type': 'CorrectionComment', text: 'An earlier version gave the wrong river.', datePublished: '2026-05-01T09:00:00.000Z' }]);

    const crumbs = ofType(blocks, 'BreadcrumbList').itemListElement as Json[];
    expect(crumbs.map((c) => c.item)).toEqual([`${ORIGIN}/`, `${ORIGIN}/world/`, `${ORIGIN}/world/asia/`]);
  });

  it('omits the publisher logo when the publication has none, and leaves out image and correction when absent', async () => {
    const ctx = await loadSiteContext(built.services, ORIGIN);
    const noLogo = { ...ctx, publication: { ...ctx.publication, logoUrl: null } };
    expect(organizationJsonLd(noLogo)).toEqual({ '@context': 'https://schema.org', '@type': 'NewsMediaOrganization', name: 'The Test Gazette', url: `${ORIGIN}/` });
    const article = newsArticleJsonLd(noLogo, plain, 'Sport') as Json;
    expect(article.publisher).not.toHaveProperty('logo');
    expect(article).not.toHaveProperty('image');
    expect(article).not.toHaveProperty('correction');
    expect(article).not.toHaveProperty('keywords');
  });

  it('keeps JSON-LD headlines to 110 characters', async () => {
    const html = await get('/articles/plain-story');
    const headline = ofType(jsonLdBlocks(html), 'NewsArticle').headline as string;
    expect(plain.headline.length).toBeGreaterThan(110);
    expect(Array.from(headline).length).toBeLessThanOrEqual(110);
    expect(headline.endsWith('…')).toBe(true);
    expect(plain.headline.startsWith(headline.slice(0, -1))).toBe(true);
    // og:title carries the whole headline, escaped as an attribute.
    expect(one(metaTags(html), 'og:title')).toBe(plain.headline);
  });

  it('keeps a hostile headline inside its JSON-LD block', async () => {
    const html = await get('/articles/hostile-story');
    const head = html.slice(0, html.indexOf('</head>'));
    expect(html).not.toContain('<script>alert(1)');
    // The only scripts in the head are the JSON-LD blocks, and each one parses on its own.
    const blocks = jsonLdBlocks(html);
    expect(head.match(/<script\b/g) ?? []).toHaveLength(blocks.length);
    expect(head.match(/<\/script>/g) ?? []).toHaveLength(blocks.length);
    const article = ofType(blocks, 'NewsArticle');
    expect(article.headline).toBe(`Breaking ${XSS} news`);
    expect(article.description).toBe('A dek with </script><script>alert(1)</script> & <b>markup</b> \u2028 too.');
    expect(head).toContain('Breaking \\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e news');
    const tags = metaTags(html);
    expect(one(tags, 'og:title')).toBe(`Breaking ${XSS} news`);
    expect(one(tags, 'twitter:title')).toBe(`Breaking ${XSS} news`);
  });

  it('puts Open Graph and Twitter card tags on the article page', async () => {
    const tags = metaTags(await get('/articles/volga-floods'));
    expect(one(tags, 'og:site_name')).toBe('The Test Gazette');
    expect(one(tags, 'og:type')).toBe('article');
    expect(one(tags, 'og:locale')).toBe('en_GB');
    expect(one(tags, 'og:title')).toBe('Share: the Volga floods');
    expect(one(tags, 'og:description')).toBe('Social description of the floods.');
    expect(one(tags, 'og:url')).toBe(`${ORIGIN}/articles/volga-floods`);
    expect(one(tags, 'og:image')).toBe(`${ORIGIN}/media/volga-1920.jpg`);
    expect(one(tags, 'og:image:width')).toBe('1920');
    expect(one(tags, 'og:image:height')).toBe('1080');
    expect(one(tags, 'og:image:alt')).toBe('Flooded streets');
    expect(one(tags, 'article:published_time')).toBe('2026-05-01T06:00:00.000Z');
    expect(one(tags, 'article:modified_time')).toBe('2026-05-01T09:30:00.000Z');
    expect(one(tags, 'article:section')).toBe('Asia');
    expect(tags.get('article:tag')).toEqual(['Rivers', 'Floods & droughts']);
    expect(one(tags, 'twitter:card')).toBe('summary_large_image');
    expect(one(tags, 'twitter:title')).toBe('Share: the Volga floods');
    expect(one(tags, 'twitter:description')).toBe('Social description of the floods.');
    expect(one(tags, 'twitter:image')).toBe(`${ORIGIN}/media/volga-1920.jpg`);
    expect(one(tags, 'description')).toBe('SEO description of the floods.');
  });

  it('falls back from social to SEO to headline and dek, and uses a summary card without an image', async () => {
    const tags = metaTags(await get('/articles/plain-story'));
    expect(one(tags, 'og:type')).toBe('article');
    expect(one(tags, 'og:title')).toBe(plain.headline);
    expect(one(tags, 'og:description')).toBe('A plain standfirst.');
    expect(one(tags, 'twitter:card')).toBe('summary');
    expect(tags.has('og:image')).toBe(false);
    expect(tags.has('twitter:image')).toBe(false);
    expect(tags.has('article:tag')).toBe(false);
    expect(one(tags, 'article:section')).toBe('Sport');
  });

  it('gives the home page Organization and WebSite with a SearchAction, and website tags', async () => {
    const html = await get('/');
    const blocks = jsonLdBlocks(html);
    const organization = ofType(blocks, 'NewsMediaOrganization');
    expect(organization).toMatchObject({ name: 'The Test Gazette', url: `${ORIGIN}/`, logo: { '@type': 'ImageObject', url: `${ORIGIN}/media/logo.png` } });
    const website = ofType(blocks, 'WebSite');
    expect(website.url).toBe(`${ORIGIN}/`);
    expect(website.potentialAction).toMatchObject({
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${ORIGIN}/search?q={search_term_string}` },
      'query-input': 'required name=search_term_string',
    });
    const tags = metaTags(html);
    expect(one(tags, 'og:type')).toBe('website');
    expect(one(tags, 'og:url')).toBe(`${ORIGIN}/`);
    expect(one(tags, 'og:site_name')).toBe('The Test Gazette');
    expect(one(tags, 'twitter:card')).toBe('summary');
    expect(tags.has('article:published_time')).toBe(false);
  });

  it('gives a section front a BreadcrumbList and a CollectionPage of its stories', async () => {
    const html = await get('/world/asia/');
    const blocks = jsonLdBlocks(html);
    const crumbs = ofType(blocks, 'BreadcrumbList').itemListElement as Json[];
    expect(crumbs).toEqual([
      { '@type': 'ListItem', position: 1, name: 'Home', item: `${ORIGIN}/` },
      { '@type': 'ListItem', position: 2, name: 'World', item: `${ORIGIN}/world/` },
      { '@type': 'ListItem', position: 3, name: 'Asia', item: `${ORIGIN}/world/asia/` },
    ]);
    const collection = ofType(blocks, 'CollectionPage');
    expect(collection).toMatchObject({ name: 'Asia', url: `${ORIGIN}/world/asia/`, inLanguage: 'en-GB', isPartOf: { '@type': 'WebSite', url: `${ORIGIN}/` } });
    expect(collection.mainEntity).toEqual({ '@type': 'ItemList', itemListElement: [{ '@type': 'ListItem', position: 1, url: `${ORIGIN}/articles/volga-floods` }] });
    for (const block of blocks) expect(block['@context']).toBe('https://schema.org');
    const tags = metaTags(html);
    expect(one(tags, 'og:type')).toBe('website');
    expect(one(tags, 'og:url')).toBe(`${ORIGIN}/world/asia/`);
    expect(isAbsolute(one(tags, 'og:url'))).toBe(true);
  });

  it('passes structured-data-testing-tool: Google NewsArticle and social media presets', async () => {
    const html = await get('/articles/volga-floods');
    const google = await sdtt(html, ['--schemas', 'NewsArticle', '--presets', 'Google']);
    expect(google.output).toContain('NewsArticle');
    expect(google.code, google.output).toBe(0);
    const social = await sdtt(html, ['--presets', 'SocialMedia']);
    expect(social.code, social.output).toBe(0);
  }, 60_000);
});
