import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../articles/index.js';
import { renderDocumentHtml } from '../rich-text/index.js';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import { articleToNinjs, NINJS_SCHEMA_URI } from './index.js';
import type { NinjsDocument } from './index.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The IPTC ninjs repository in the shared corpus; read in place, never copied into the project. */
const NINJS_CORPUS = join(repoRoot, '..', 'shared', 'corpus', 'ninjs');
const SCHEMA_FILE = join(NINJS_CORPUS, 'specification', 'ninjs-schema_3.0.json');
const SUITE = join(NINJS_CORPUS, 'validation', 'test_suite', '3.0');
const BASE = '/api/content/v1';
const ORIGIN = 'http://news.test';

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const jsonFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name));

/** ninjs 3.x is JSON Schema 2020-12; its one external $ref (GeoJSON) is stubbed with the empty schema. */
function ninjsValidator(): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({}, 'https://geojson.org/schema/GeoJSON.json');
  return ajv.compile(readJson(SCHEMA_FILE) as object);
}

const validate = ninjsValidator();
const errorsOf = (): string => JSON.stringify(validate.errors, null, 1);

describe('the ninjs 3.0 validator', () => {
  it('passes every should_pass sample of the IPTC 3.0 test suite', () => {
    const files = jsonFiles(join(SUITE, 'should_pass'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) expect(validate(readJson(file)), `${file}\n${errorsOf()}`).toBe(true);
  });

  it('refuses every should_fail sample of the IPTC 3.0 test suite', () => {
    const files = jsonFiles(join(SUITE, 'should_fail'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(validate(readJson(file)), file).toBe(false);
  });

  it('names the schema the export claims', () => {
    expect((readJson(SCHEMA_FILE) as { $id: string }).$id).toBe(NINJS_SCHEMA_URI);
  });
});

describe('ninjs export', () => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let key: string;
  let full: Article;
  let bare: Article;
  let takenDownId: number;
  const get = (url: string, headers: Record<string, string> = {}) => built.app.inject({ method: 'GET', url, headers });
  const api = (path: string) => get(`${BASE}${path}`, { 'x-content-key': key });

  beforeAll(async () => {
    built = await buildTestApp();
    const { services } = built;
    key = (await services.contentKeys.issueKey('t')).key;
    const sections = await makeSections(services, ['world', 'world/asia', 'sport']);
    const alice = await services.authors.createAuthor({ slug: 'alice-reporter', name: 'Alice Reporter' });
    const bob = await services.authors.createAuthor({ slug: 'bob-writer', name: 'Bob Writer' });
    const climate = await services.tags.ensureTag('Climate');
    const floods = await services.tags.ensureTag('Floods');
    full = await makeArticle(services, {
      slug: 'monsoon-arrives',
      kicker: 'Weather',
      headline: 'Monsoon <arrives> early & hard',
      dek: 'Rain fell for nine days straight.',
      dateline: 'DHAKA',
      primarySectionId: sections['world/asia']!,
      secondarySectionIds: [sections.sport!],
      authorIds: [alice.id, bob.id],
      tagIds: [climate.id, floods.id],
      leadImage: {
        src: '/media/abc123/original.jpg',
        alt: 'A flooded street',
        caption: 'Water in the old town.',
        credit: 'Jane Photographer',
        width: 3000,
        height: 2000,
        variants: [
          { src: '/media/abc123/480.avif', width: 480, type: 'image/avif' },
          { src: '/media/abc123/480.jpg', width: 480, type: 'image/jpeg' },
          { src: '/media/abc123/960.webp', width: 960, type: 'image/webp' },
        ],
      },
    });
    bare = await makeArticle(services, { slug: 'plain-story', dek: '', primarySectionId: sections.world! });
    const moved = await makeArticle(services, { slug: 'old-name', primarySectionId: sections.world! });
    await services.articles.changeSlug(moved.id, 'new-name');
    takenDownId = (await makeArticle(services, { slug: 'retracted', primarySectionId: sections.world! })).id;
    await services.articles.unpublish(takenDownId);
  });

  afterAll(async () => {
    await built?.close();
  });

  it('serves a published article as valid ninjs 3.0', async () => {
    const response = await api(`/articles/${full.id}.ninjs`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/ninjs\+json/);
    expect(response.headers['cache-control']).toBe('private, max-age=60');
    const doc = response.json() as NinjsDocument;
    expect(validate(doc), errorsOf()).toBe(true);

    expect(doc).toMatchObject({
      uri: `${ORIGIN}/articles/monsoon-arrives`,
      type: 'text',
      representationType: 'full',
      version: String(full.version),
      versionCreated: full.updatedAt,
      firstCreated: full.publishedAt,
      pubStatus: 'usable',
      language: 'en',
      located: 'DHAKA',
      by: 'Alice Reporter, Bob Writer',
    });
    expect(doc.headlines).toEqual([
      { role: 'main', value: 'Monsoon <arrives> early & hard' },
      { role: 'subhead', value: 'Rain fell for nine days straight.' },
      { role: 'kicker', value: 'Weather' },
    ]);
    expect(doc.descriptions).toEqual([{ role: 'summary', value: 'Rain fell for nine days straight.' }]);
    expect(doc.bodies).toEqual([{ role: 'main', contentType: 'text/html', value: renderDocumentHtml(full.body), wordCount: full.wordCount }]);
    expect(doc.people).toEqual([
      { name: 'Alice Reporter', rel: 'author', uri: `${ORIGIN}/authors/alice-reporter` },
      { name: 'Bob Writer', rel: 'author', uri: `${ORIGIN}/authors/bob-writer` },
    ]);
    expect(doc.subjects).toEqual([
      { name: 'Asia', rel: 'section', uri: `${ORIGIN}/world/asia/` },
      { name: 'Sport', rel: 'secondarysection', uri: `${ORIGIN}/sport/` },
      { name: 'Climate', rel: 'tag', uri: `${ORIGIN}/tags/climate` },
      { name: 'Floods', rel: 'tag', uri: `${ORIGIN}/tags/floods` },
    ]);
    expect(doc.associations).toEqual([
      {
        name: 'leadimage',
        uri: `${ORIGIN}/media/abc123/original.jpg`,
        type: 'picture',
        representationType: 'partial',
        by: 'Jane Photographer',
        descriptions: [
          { role: 'caption', value: 'Water in the old town.' },
          { role: 'alt', value: 'A flooded street' },
        ],
        renditions: [
          { name: 'original', href: `${ORIGIN}/media/abc123/original.jpg`, contentType: 'image/jpeg', width: 3000, height: 2000 },
          { name: '480-avif', href: `${ORIGIN}/media/abc123/480.avif`, contentType: 'image/avif', width: 480, height: 320 },
          { name: '480-jpeg', href: `${ORIGIN}/media/abc123/480.jpg`, contentType: 'image/jpeg', width: 480, height: 320 },
          { name: '960-webp', href: `${ORIGIN}/media/abc123/960.webp`, contentType: 'image/webp', width: 960, height: 640 },
        ],
      },
    ]);
  });

  it('serves by slug too, and a minimal story is valid as well', async () => {
    const bySlug = await api('/articles/monsoon-arrives.ninjs');
    expect(bySlug.statusCode).toBe(200);
    expect((bySlug.json() as NinjsDocument).uri).toBe(`${ORIGIN}/articles/monsoon-arrives`);

    const response = await api(`/articles/${bare.id}.ninjs`);
    expect(response.statusCode).toBe(200);
    const doc = response.json() as NinjsDocument;
    expect(validate(doc), errorsOf()).toBe(true);
    expect(doc.descriptions).toBeUndefined();
    expect(doc.associations).toBeUndefined();
    expect(doc.people).toBeUndefined();
    expect(doc.headlines).toEqual([{ role: 'main', value: bare.headline }]);
  });

  it('leaves the JSON article route alone', async () => {
    const response = await api(`/articles/${full.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect((response.json() as { article: { slug: string } }).article.slug).toBe('monsoon-arrives');
  });

  it('the schema check says no to a broken document', async () => {
    const doc = (await api(`/articles/${full.id}.ninjs`)).json() as Record<string, unknown>;
    expect(validate(doc)).toBe(true);
    const { uri: _uri, ...withoutUri } = doc;
    expect(validate(withoutUri)).toBe(false);
    expect(validate({ ...doc, pubStatus: 'published' })).toBe(false);
    expect(validate({ ...doc, headline: 'not a ninjs property' })).toBe(false);
  });

  it('redirects an old slug to the current .ninjs URL and answers 410 for a story taken down', async () => {
    const moved = await api('/articles/old-name.ninjs');
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe(`${BASE}/articles/new-name.ninjs`);
    const gone = await api(`/articles/${takenDownId}.ninjs`);
    expect(gone.statusCode).toBe(410);
    expect((gone.json() as { code: string }).code).toBe('ARTICLE_GONE');
  });

  it('answers unknown articles with problem details 404', async () => {
    for (const path of ['/articles/999999.ninjs', '/articles/no-such-story.ninjs']) {
      const response = await api(path);
      expect(response.statusCode, path).toBe(404);
      expect(response.headers['content-type'], path).toMatch(/^application\/problem\+json/);
      expect((response.json() as { code: string }).code, path).toBe('ARTICLE_NOT_FOUND');
    }
  });

  it('needs a content key', async () => {
    const missing = await get(`${BASE}/articles/${full.id}.ninjs`);
    expect(missing.statusCode).toBe(401);
    expect((missing.json() as { code: string }).code).toBe('CONTENT_KEY_MISSING');
    const wrong = await get(`${BASE}/articles/${full.id}.ninjs`, { 'x-content-key': 'bsk_wrong' });
    expect(wrong.statusCode).toBe(401);
  });

  it('is documented in the OpenAPI document', async () => {
    const document = (await get(`${BASE}/openapi.json`)).json() as { paths: Record<string, { get: { description?: string } }> };
    expect(document.paths['/articles/{idOrSlug}']?.get.description).toContain('/articles/{idOrSlug}.ninjs');
  });
});

describe('articleToNinjs', () => {
  it('is pure and ignores a trailing slash on the origin', () => {
    const article = {
      id: 1,
      slug: 'a-story',
      status: 'published',
      kicker: null,
      headline: 'A story',
      dek: '',
      leadImage: null,
      dateline: null,
      primarySectionId: 1,
      publishedAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
      wordCount: 0,
      authors: [],
      seoTitle: null,
      seoDescription: null,
      socialTitle: null,
      socialDescription: null,
      body: { type: 'doc', content: [] },
      bodyText: '',
      secondarySectionIds: [],
      tags: [],
      corrections: [],
      createdAt: '2025-12-31T00:00:00.000Z',
      version: 3,
    } as unknown as Article;
    const input = { article, publicUrl: 'https://paper.example/', language: 'pt-PT', primarySection: { path: 'world', name: 'World' } };
    const doc = articleToNinjs(input);
    expect(doc).toEqual(articleToNinjs(input));
    expect(doc.uri).toBe('https://paper.example/articles/a-story');
    expect(doc.version).toBe('3');
    expect(doc.contentCreated).toBe('2025-12-31T00:00:00.000Z');
    expect(doc.subjects).toEqual([{ name: 'World', rel: 'section', uri: 'https://paper.example/world/' }]);
    expect(validate(doc), errorsOf()).toBe(true);
  });
});
