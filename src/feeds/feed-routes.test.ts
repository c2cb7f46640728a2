import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parseFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import type { Article } from '../articles/index.js';
import { SCHEMAS_DIR, isToolAvailable, validateWithJing } from './schema-check-tools.js';

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;

const LEAD_IMAGE = {
  src: '/media/harbour/960.webp',
  alt: 'Boats in the harbour at dawn',
  variants: [
    { src: '/media/harbour/480.jpg', width: 480, type: 'image/jpeg' as const },
    { src: '/media/harbour/960.jpg', width: 960, type: 'image/jpeg' as const },
    { src: '/media/harbour/960.webp', width: 960, type: 'image/webp' as const },
  ],
};

describe('feed routes', () => {
  let built: TestApp;
  let asiaStory: Article;
  let centralAsiaStory: Article;
  let sportStory: Article;
  const get = (url: string, headers: Record<string, string> = {}) => built.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    built = await buildTestApp();
    const { services } = built;
    const sections = await makeSections(services, ['world', 'world/asia', 'world/asia/central-asia', 'sport']);
    const ann = await services.authors.createAuthor({ slug: 'ann-lee', name: 'Ann Lee' });
    const bo = await services.authors.createAuthor({ slug: 'bo-park', name: 'Bo Park' });
    const elections = await services.tags.ensureTag('Elections');
    asiaStory = await makeArticle(services, {
      primarySectionId: sections['world/asia']!,
      headline: 'Tides & "ties" <rise> in the harbour',
      authorIds: [ann.id, bo.id],
      tagIds: [elections.id],
      leadImage: LEAD_IMAGE,
      publishedAt: '2026-03-01T08:00:00.000Z',
      updatedAt: '2026-03-02T09:30:00.000Z',
    });
    centralAsiaStory = await makeArticle(services, { primarySectionId: sections['world/asia/central-asia']!, authorIds: [bo.id], publishedAt: '2026-03-03T08:00:00.000Z' });
    sportStory = await makeArticle(services, { primarySectionId: sections.sport!, authorIds: [ann.id], publishedAt: '2026-03-04T08:00:00.000Z' });
    await makeArticle(services, { primarySectionId: sections['world/asia']!, authorIds: [ann.id], tagIds: [elections.id], status: 'draft', headline: 'Unpublished draft story', publishedAt: null });
  });
  afterAll(async () => built?.close());

  it('serves RSS 2.0 with full content, every author, categories, dates and the lead image', async () => {
    const response = await get('/feed.xml');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const parsed = parseFeed(response.body);
    if (parsed.format !== 'rss') throw new Error(`expected rss, got ${parsed.format}`);
    const items = parsed.feed.items ?? [];
    expect(items.map((i) => i.title)).toEqual([sportStory.headline, centralAsiaStory.headline, asiaStory.headline]);
    const item = items[2]!;
    expect(item.link).toBe(`http://news.test/articles/${asiaStory.slug}`);
    expect(item.guid).toEqual({ value: item.link, isPermaLink: true });
    expect(new Date(item.pubDate!).toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(item.dc?.creators).toEqual(['Ann Lee', 'Bo Park']);
    expect(item.categories?.map((c) => c.name)).toEqual(['Asia', 'Elections']);
    expect(item.enclosures).toEqual([{ url: 'http://news.test/media/harbour/960.jpg', length: 0, type: 'image/jpeg' }]);
    expect(item.media?.contents?.[0]).toMatchObject({ url: 'http://news.test/media/harbour/960.jpg', medium: 'image' });
    expect(item.content?.encoded).toContain('<h2>A subhead</h2>');
    expect(item.description).toBe(asiaStory.dek);
  });

  it('serves Atom 1.0 that validates against the RFC 4287 schema', async () => {
    const response = await get('/atom.xml');
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    if (isToolAvailable('jing')) {
      const result = validateWithJing(response.body, join(SCHEMAS_DIR, 'atom', 'atom-rfc4287.rnc'));
      expect(result.ok, result.output).toBe(true);
      // The validator must be able to say no, or the assertion above proves nothing.
      expect(validateWithJing('<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>', join(SCHEMAS_DIR, 'atom', 'atom-rfc4287.rnc')).ok).toBe(false);
    }
    const parsed = parseFeed(response.body);
    if (parsed.format !== 'atom') throw new Error(`expected atom, got ${parsed.format}`);
    const entry = parsed.feed.entries?.find((e) => e.id === `http://news.test/articles/${asiaStory.slug}`);
    expect(entry?.title?.value).toBe(asiaStory.headline);
    expect(entry?.published).toBe('2026-03-01T08:00:00.000Z');
    expect(entry?.updated).toBe('2026-03-02T09:30:00.000Z');
    expect(entry?.authors?.map((a) => a.name)).toEqual(['Ann Lee', 'Bo Park']);
    expect(entry?.links).toContainEqual({ rel: 'enclosure', type: 'image/jpeg', href: 'http://news.test/media/harbour/960.jpg' });
    expect(entry?.categories?.map((c) => c.term)).toEqual(['world/asia', 'elections']);
  });

  it('serves JSON Feed 1.1 that validates against its JSON Schema', async () => {
    const response = await get('/feed.json');
    expect(response.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS_DIR, 'jsonfeed', 'schema-v1.1.json'), 'utf8')) as object);
    const document: unknown = response.json();
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    const parsed = parseFeed(response.body);
    if (parsed.format !== 'json') throw new Error(`expected json, got ${parsed.format}`);
    const item = parsed.feed.items?.find((i) => i.title === asiaStory.headline);
    expect(item).toMatchObject({
      url: `http://news.test/articles/${asiaStory.slug}`,
      image: 'http://news.test/media/harbour/960.jpg',
      date_published: '2026-03-01T08:00:00.000Z',
      date_modified: '2026-03-02T09:30:00.000Z',
      tags: ['Asia', 'Elections'],
    });
    expect(item?.authors?.map((a) => a.name)).toEqual(['Ann Lee', 'Bo Park']);
  });

  it('never lists drafts', async () => {
    for (const url of ['/feed.xml', '/atom.xml', '/feed.json', '/world/asia/feed.xml', '/authors/ann-lee/feed.json', '/tags/elections/atom.xml']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain('Unpublished draft story');
    }
  });

  it('includes subsection stories in a section feed, at any level', async () => {
    const world = parseFeed((await get('/world/feed.json')).body);
    expect(world.format === 'json' && world.feed.items?.map((i) => i.title)).toEqual([centralAsiaStory.headline, asiaStory.headline]);
    const asia = parseFeed((await get('/world/asia/atom.xml')).body);
    expect(asia.format === 'atom' && asia.feed.entries?.map((e) => e.title?.value)).toEqual([centralAsiaStory.headline, asiaStory.headline]);
    const centralAsia = parseFeed((await get('/world/asia/central-asia/feed.xml')).body);
    expect(centralAsia.format === 'rss' && centralAsia.feed.items?.map((i) => i.title)).toEqual([centralAsiaStory.headline]);
    expect(centralAsia.format === 'rss' && centralAsia.feed.title).toBe('Central Asia | Broadsheet');
  });

  it('serves author and tag feeds', async () => {
    const author = parseFeed((await get('/authors/bo-park/feed.xml')).body);
    expect(author.format === 'rss' && author.feed.items?.map((i) => i.title)).toEqual([centralAsiaStory.headline, asiaStory.headline]);
    const tag = parseFeed((await get('/tags/elections/feed.json')).body);
    expect(tag.format === 'json' && tag.feed.items?.map((i) => i.title)).toEqual([asiaStory.headline]);
  });

  it('answers 404 for unknown sections, authors and tags', async () => {
    for (const url of ['/nowhere/feed.xml', '/world/atlantis/atom.xml', '/authors/nobody/feed.json', '/tags/nothing/feed.xml', '/authors/Bad_Slug/feed.xml']) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
  });

  it('answers 304 to If-None-Match and If-Modified-Since when nothing changed', async () => {
    const first = await get('/world/asia/feed.xml');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['last-modified']).toBe('Tue, 03 Mar 2026 08:00:00 GMT');
    expect((await get('/world/asia/feed.xml', { 'if-none-match': etag })).statusCode).toBe(304);
    expect((await get('/world/asia/feed.xml', { 'if-none-match': '"something-else"' })).statusCode).toBe(200);
    expect((await get('/world/asia/feed.xml', { 'if-modified-since': String(first.headers['last-modified']) })).statusCode).toBe(304);
    expect((await get('/world/asia/feed.xml', { 'if-modified-since': 'Mon, 02 Mar 2026 00:00:00 GMT' })).statusCode).toBe(200);
  });

  it('links the site feeds from every page for autodiscovery', async () => {
    const home = (await get('/')).body;
    expect(home).toContain('<link rel="alternate" type="application/rss+xml" title="Broadsheet (RSS)" href="/feed.xml">');
    expect(home).toContain('<link rel="alternate" type="application/atom+xml" title="Broadsheet (Atom)" href="/atom.xml">');
    expect(home).toContain('<link rel="alternate" type="application/feed+json" title="Broadsheet (JSON Feed)" href="/feed.json">');
  });
});

describe('feed routes with FEED_FULL_CONTENT=false', () => {
  let built: TestApp;
  beforeAll(async () => {
    built = await buildTestApp({ env: { FEED_FULL_CONTENT: 'false' } });
    const sections = await makeSections(built.services, ['world']);
    await makeArticle(built.services, { primarySectionId: sections.world!, dek: 'Only the standfirst travels.' });
  });
  afterAll(async () => built?.close());

  it('sends standfirsts instead of whole bodies', async () => {
    const rss = (await built.app.inject({ url: '/feed.xml' })).body;
    expect(rss).toContain('<description>Only the standfirst travels.</description>');
    expect(rss).not.toContain('content:encoded>');
    const json = (await built.app.inject({ url: '/feed.json' })).json<{ items: Record<string, unknown>[] }>();
    expect(json.items[0]).toMatchObject({ content_text: 'Only the standfirst travels.' });
    expect(json.items[0]).not.toHaveProperty('content_html');
    const atom = (await built.app.inject({ url: '/atom.xml' })).body;
    expect(atom).not.toContain('<content');
  });
});
