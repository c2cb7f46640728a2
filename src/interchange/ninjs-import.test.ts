import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownToDocument, renderDocumentHtml } from '../rich-text/index.js';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';
import { availableDialects } from '../../test/support/test-databases.js';
import { detectNinjsFamily, readNinjs, splitByline } from './index.js';
import type { NinjsImportReport } from './index.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NINJS = join(repoRoot, '..', 'shared', 'corpus', 'ninjs');
const SUITE = join(NINJS, 'validation', 'test_suite');
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const jsonFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(dir, name));

/** The IPTC schema of `version` compiled with ajv (2.1+ are draft 2020-12; GeoJSON stubbed, not fetched). */
function iptcValidator(version: string): ValidateFunction {
  const schema = readJson(join(NINJS, 'specification', `ninjs-schema_${version}.json`)) as { $schema?: string };
  const ajv = schema.$schema?.includes('2020-12') ? new Ajv2020({ strict: false, allErrors: true }) : new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({}, 'https://geojson.org/schema/GeoJSON.json');
  return ajv.compile(schema);
}

/**
 * Agency samples besides the IPTC suite: every example in the corpus except the schema-extension
 * pair (extension-example.json is valid only against its own extension schema, which adds
 * "foofoo"; core ninjs refuses it, and so do we) and the documentation's "not-valid" folder.
 */
const EXAMPLES = [...jsonFiles(join(NINJS, 'examples', '2.1')), ...jsonFiles(join(NINJS, 'examples', '3.0')), ...jsonFiles(join(NINJS, 'documentation', 'includes', 'examples', '3.1'))].filter((f) => !f.includes('schema-extension'));
const SHOULD_PASS = ['2.1', '3.0', '3.1'].flatMap((v) => jsonFiles(join(SUITE, v, 'should_pass')).map((file) => ({ version: v, file })));
const SHOULD_FAIL = ['2.1', '3.0', '3.1'].flatMap((v) => jsonFiles(join(SUITE, v, 'should_fail')).map((file) => ({ version: v, file })));
const docsOf = (files: string[]) => files.flatMap((file) => [readJson(file)].flat().map((doc) => ({ doc, source: relative(NINJS, file) })));

/** A ninjs 1.x story as agencies sent them (checked against the IPTC 1.6 schema below). */
const NINJS_1 = {
  uri: 'http://wire.example/1x/harbour-bridge',
  type: 'text',
  version: '3',
  versioncreated: '2024-05-02T10:00:00Z',
  firstcreated: '2024-05-02T08:30:00Z',
  pubstatus: 'usable',
  language: 'en',
  headline: 'Harbour bridge reopens after repairs',
  byline: 'By Mary Major and Rick Roe',
  located: 'SYDNEY',
  body_html: '<p>The bridge <b>reopened</b> on Thursday.</p><script>alert(1)</script><p onclick="x()">Traffic flowed.</p>',
  description_text: 'Repairs took eight months.',
  subject: [{ name: 'Transport', rel: 'about' }, { name: 'Infrastructure' }],
  associations: {
    featureimage: { uri: 'http://wire.example/1x/photo-1', type: 'picture', headline: 'Cars on the bridge', byline: 'Pat Photo', renditions: { original: { href: 'https://img.wire.example/photo-1.jpg', width: 2000, height: 1333, mimetype: 'image/jpeg' } } },
  },
};

describe('the corpus against the IPTC schemas (ajv) and our runtime check (zod)', () => {
  const validators = new Map(['1.6', '2.1', '3.0', '3.1'].map((v) => [v, iptcValidator(v)]));

  it('agrees with ajv on every should_pass and should_fail sample of the IPTC suite', () => {
    for (const { version, file } of SHOULD_PASS) {
      expect(validators.get(version)!(readJson(file)), file).toBe(true);
      expect(readNinjs(readJson(file)).ok, file).toBe(true);
    }
    for (const { version, file } of SHOULD_FAIL) {
      expect(validators.get(version)!(readJson(file)), file).toBe(false);
      const read = readNinjs(readJson(file));
      expect(read.ok, file).toBe(false);
      if (!read.ok) expect(read.problems.length, file).toBeGreaterThan(0);
    }
  });

  it('reads the 1.x sample, which the IPTC 1.6 schema accepts', () => {
    expect(validators.get('1.6')!(NINJS_1), JSON.stringify(validators.get('1.6')!.errors)).toBe(true);
    expect(detectNinjsFamily(NINJS_1)).toBe('1');
  });

  it('names where a refused document fails', () => {
    const noName = readNinjs(readJson(join(SUITE, '2.1', 'should_fail', '002_good_association_but_no_name.json')));
    expect(noName).toMatchObject({ ok: false, family: '2', problems: [expect.stringMatching(/^associations\[0\]\.name: /)] });
    const topLevel = readNinjs(readJson(join(SUITE, '3.0', 'should_fail', '001_bad_toplevel.json')));
    expect(topLevel).toMatchObject({ ok: false, problems: ['random: "random" is not a ninjs property of this version'] });
    expect(readNinjs([1, 2])).toMatchObject({ ok: false, problems: ['(document): a ninjs document is a JSON object'] });
  });

  it('splits natural-language bylines', () => {
    expect(splitByline('By Mary Major and Rick Roe')).toEqual(['Mary Major', 'Rick Roe']);
    expect(splitByline('Alice Reporter, Bob Writer')).toEqual(['Alice Reporter', 'Bob Writer']);
  });
});

const dialects = await availableDialects();

describe.each(dialects)('ninjs import on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let editor: Awaited<ReturnType<typeof signInAs>>;
  const importVia = async (body: unknown, query = '', headers = editor.headers) => built.app.inject({ method: 'POST', url: `/api/admin/v1/imports/ninjs${query}`, headers, payload: body as object });

  beforeAll(async () => {
    built = await buildTestApp({ dialect });
    await makeSections(built.services, ['news', 'world', 'world/asia', 'sport']);
    editor = await signInAs(built, 'editor');
  }, 120_000);
  afterAll(async () => built?.close());

  it('imports every should_pass sample and every agency example in the corpus as drafts', async () => {
    const docs = docsOf([...SHOULD_PASS.map((s) => s.file), ...EXAMPLES]);
    expect(docs.length).toBeGreaterThan(70);
    const report = await built.services.ninjsImport.importDocuments(docs, { publish: false, actor: { system: 'cli' } });
    const notImported = report.items.filter((i) => i.status !== 'imported');
    // Two files carry the same uri as an earlier one (IPTC reuses sample ids): those are skipped, never duplicated.
    expect(notImported.every((i) => i.status === 'skipped' && /^already imported as article #\d+( \(version .+\))?$/.test(i.reason ?? '')), JSON.stringify(notImported, null, 1)).toBe(true);
    expect(report.refused).toBe(0);
    expect(report.imported + report.skipped).toBe(docs.length);
    const uris = new Set(docs.map((d) => (d.doc as { uri: string }).uri));
    expect(report.imported).toBe(uris.size);

    const bySource = (suffix: string) => report.items.find((i) => i.source?.endsWith(suffix) && i.articleId !== undefined)!;
    const dpa = await built.services.articles.getArticle(bySource('examples/3.0/dpa_text.json').articleId!);
    expect(dpa).toMatchObject({ status: 'draft', headline: expect.stringMatching(/^Faktencheck Derby-Elfmeter/) });
    expect(dpa!.authors.map((a) => a.name)).toEqual(['Von Christian Hollmann', 'dpa']);
    expect(dpa!.bodyText.length).toBeGreaterThan(1000);

    const simple = await built.services.articles.getArticle(bySource('examples/3.0/ninjsExSimpleText_3.json').articleId!);
    expect(simple!.headline).toMatch(/^Captain of wrecked cruise ship on trial/);
    expect(simple!.authors.map((a) => a.name)).toEqual(['Paulo Santalucia', "Frances d'Emilio"]);
    expect(renderDocumentHtml(simple!.body)).toMatch(/^<p>/);

    const photo = await built.services.articles.getArticle(bySource('examples/3.0/ap_image.json').articleId!);
    expect(photo!.leadImage).toMatchObject({ src: expect.stringMatching(/^http:\/\/api\.ap\.org\//) });

    const event = bySource('3.0/should_pass/002_simple_event.json');
    expect(event.warnings).toContain('the document has no headline; used its title');
  }, 300_000);

  it('refuses every should_fail sample with the place it fails, and imports nothing for them', async () => {
    const before = await built.services.articles.countAll();
    const docs = docsOf(SHOULD_FAIL.map((s) => s.file));
    const report = await built.services.ninjsImport.importDocuments(docs, { publish: true, actor: { system: 'cli' } });
    expect(report).toMatchObject({ imported: 0, skipped: 0, refused: docs.length });
    for (const item of report.items) {
      expect(item.reason, item.source).toMatch(/^not valid ninjs/);
      expect(item.problems!.length, item.source).toBeGreaterThan(0);
    }
    expect(await built.services.articles.countAll()).toBe(before);
  });

  it('imports a 1.x story published, sanitising its HTML, with bylines, tags, dateline and an external lead image', async () => {
    const report = await built.services.ninjsImport.importDocuments([{ doc: NINJS_1 }], { publish: true, sectionPath: 'news', actor: { system: 'cli' } });
    expect(report.items[0]).toMatchObject({ status: 'imported', ninjsVersion: '1.x', slug: 'harbour-bridge' });
    const article = (await built.services.articles.getArticle(report.items[0]!.articleId!))!;
    expect(article).toMatchObject({ status: 'published', headline: 'Harbour bridge reopens after repairs', dateline: 'SYDNEY', publishedAt: '2024-05-02T08:30:00.000Z', updatedAt: '2024-05-02T10:00:00.000Z' });
    expect(renderDocumentHtml(article.body)).toBe('<p>The bridge <strong>reopened</strong> on Thursday.</p>\n<p>Traffic flowed.</p>');
    expect(article.authors.map((a) => a.name)).toEqual(['Mary Major', 'Rick Roe']);
    expect(article.tags.map((t) => t.name).sort()).toEqual(['Infrastructure', 'Transport']);
    expect(article.leadImage).toEqual({ src: 'https://img.wire.example/photo-1.jpg', alt: 'Cars on the bridge', credit: 'Pat Photo', width: 2000, height: 1333 });
    // The same document again: skipped, no duplicate.
    const again = await built.services.ninjsImport.importDocuments([{ doc: NINJS_1 }], { publish: true, actor: { system: 'cli' } });
    expect(again.items[0]).toMatchObject({ status: 'skipped', articleId: article.id });
  });

  it('updates a story when its document comes again with a higher version, and skips older or equal ones', async () => {
    const uri = 'http://wire.example/3x/ferry-strike';
    const v = (version: string, headline: string, by: string) => ({ uri, version, type: 'text', headlines: [{ role: 'main', value: headline }], bodies: [{ contentType: 'text/html', value: `<p>${headline}.</p>` }], by, subjects: [{ name: 'Ferries' }] });
    const first = await built.services.ninjsImport.importDocuments([{ doc: v('2', 'Ferry crews walk out', 'Ann Wire') }], { publish: true, sectionPath: 'news', actor: { system: 'cli' } });
    expect(first.items[0]).toMatchObject({ status: 'imported' });
    const id = first.items[0]!.articleId!;
    const before = (await built.services.articles.getArticle(id))!;

    // Version 3 replaces the words and byline; status, slug and publication time stay.
    const newer = await built.services.ninjsImport.importDocuments([{ doc: v('3', 'Ferry strike enters second day', 'Ann Wire and Bo Desk') }], { publish: true, actor: { system: 'cli' } });
    expect(newer).toMatchObject({ imported: 0, updated: 1, items: [{ status: 'updated', articleId: id, slug: before.slug }] });
    const after = (await built.services.articles.getArticle(id))!;
    expect(after).toMatchObject({ headline: 'Ferry strike enters second day', status: 'published', slug: before.slug, publishedAt: before.publishedAt });
    expect(after.authors.map((a) => a.name)).toEqual(['Ann Wire', 'Bo Desk']);
    expect(renderDocumentHtml(after.body)).toBe('<p>Ferry strike enters second day.</p>');
    const audit = await built.services.audit.list({ objectType: 'article', objectId: String(id), limit: 10 });
    expect(audit.map((a) => a.action)).toContain('article.import_update');
    // It is found by search under its new words at once (the change feed re-indexed it).
    const found = await built.services.search.search({ query: 'second day ferry', limit: 5, offset: 0 });
    expect(found.results.map((r) => r.article.id)).toContain(id);

    // The same version again, or an older one: skipped with both versions named.
    for (const version of ['3', '1']) {
      const stale = await built.services.ninjsImport.importDocuments([{ doc: v(version, 'Old words', 'Nobody') }], { publish: true, actor: { system: 'cli' } });
      expect(stale.items[0]).toMatchObject({ status: 'skipped', reason: `already imported as article #${id} (version ${version}; imported: 3)` });
    }
    expect((await built.services.articles.getArticle(id))!.headline).toBe('Ferry strike enters second day');

    // Through the Admin API too.
    const viaApi = await importVia(v('4', 'Ferry strike ends', 'Ann Wire'));
    expect((viaApi.json() as { report: NinjsImportReport }).report).toMatchObject({ updated: 1, items: [{ status: 'updated', articleId: id }] });
    expect((await built.services.articles.getArticle(id))!.headline).toBe('Ferry strike ends');
  });

  it('imports through the Admin API (editors and admins), one document or an array, and audit-logs each story', async () => {
    const doc = { uri: 'urn:test:api-1', headlines: [{ role: 'main', value: 'Council approves budget' }], bodies: [{ contentType: 'text/plain', value: 'First paragraph.\n\nSecond <paragraph>.' }], by: 'Sam Writer', located: 'LEEDS' };
    const single = await importVia(doc, '?section=world/asia');
    expect(single.statusCode, single.body).toBe(200);
    const report = (single.json() as { report: NinjsImportReport }).report;
    expect(report).toMatchObject({ imported: 1, items: [{ status: 'imported', ninjsVersion: '3.x' }] });
    const article = (await built.services.articles.getArticle(report.items[0]!.articleId!))!;
    expect(article).toMatchObject({ status: 'draft', dateline: 'LEEDS' });
    expect((await built.services.sections.getSection(article.primarySectionId)).path).toBe('world/asia');
    expect(renderDocumentHtml(article.body)).toBe('<p>First paragraph.</p>\n<p>Second &lt;paragraph&gt;.</p>');
    const audit = await built.services.audit.list({ objectType: 'article', objectId: String(article.id), limit: 10 });
    expect(audit.map((a) => a.action)).toContain('article.import');

    const batch = await importVia([doc, { uri: 'urn:test:api-2', random: 1 }, { uri: 'urn:test:api-3', headlines: [{ value: 'Second story' }] }]);
    expect((batch.json() as { report: NinjsImportReport }).report).toMatchObject({ imported: 1, skipped: 1, refused: 1 });

    const author = await signInAs(built, 'author');
    expect((await importVia(doc, '', author.headers)).statusCode).toBe(403);
    const bad = await importVia(doc, '?section=nowhere');
    const badSection = (bad.json() as { report: NinjsImportReport }).report;
    expect(badSection.items[0]).toMatchObject({ status: 'skipped' });
    const fresh = await importVia({ uri: 'urn:test:api-4', headlines: [{ value: 'Lost' }] }, '?section=nowhere');
    expect((fresh.json() as { report: NinjsImportReport }).report.items[0]).toMatchObject({ status: 'refused', reason: 'Unknown section: There is no section "nowhere".' });
    const notJson = await built.app.inject({ method: 'POST', url: '/api/admin/v1/imports/ninjs', headers: { ...editor.headers, 'content-type': 'application/json' }, payload: '{"uri": "x", ' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.headers['content-type']).toMatch(/problem\+json/);
  });

  it('round-trips: an article exported as ninjs and imported into another instance keeps its fields', async () => {
    const source = await buildTestApp({ dialect });
    try {
      const ids = await makeSections(source.services, ['world', 'world/asia', 'sport']);
      const alice = await source.services.authors.createAuthor({ slug: 'alice-reporter', name: 'Alice Reporter' });
      const bob = await source.services.authors.createAuthor({ slug: 'bob-writer', name: 'Bob Writer' });
      const original = await makeArticle(source.services, {
        slug: 'monsoon-arrives',
        kicker: 'Weather',
        headline: 'Monsoon <arrives> early & hard',
        dek: 'Rain fell for nine days straight.',
        dateline: 'DHAKA',
        body: markdownToDocument('The rain **came early**.\n\n## What next\n\n- sandbags\n- boats\n\nSee [the forecast](https://weather.example/dhaka).'),
        primarySectionId: ids['world/asia']!,
        secondarySectionIds: [ids.sport!],
        authorIds: [alice.id, bob.id],
        tagIds: [(await source.services.tags.ensureTag('Climate')).id, (await source.services.tags.ensureTag('Floods')).id],
        leadImage: { src: '/media/abc123/original.jpg', alt: 'A flooded street', caption: 'Water in the old town.', credit: 'Jane Photographer', width: 3000, height: 2000 },
      });
      const key = (await source.services.contentKeys.issueKey('export')).key;
      const exported = await source.app.inject({ method: 'GET', url: `/api/content/v1/articles/${original.id}.ninjs`, headers: { 'x-content-key': key } });
      expect(exported.statusCode).toBe(200);

      const response = await importVia(exported.json(), '?publish=true');
      const item = (response.json() as { report: NinjsImportReport }).report.items[0]!;
      expect(item, JSON.stringify(item)).toMatchObject({ status: 'imported', slug: 'monsoon-arrives', warnings: [] });
      const copy = (await built.services.articles.getArticle(item.articleId!))!;
      expect(copy).toMatchObject({
        status: 'published',
        kicker: original.kicker,
        headline: original.headline,
        dek: original.dek,
        dateline: original.dateline,
        publishedAt: original.publishedAt,
      });
      const pathOf = async (id: number) => (await built.services.sections.getSection(id)).path;
      expect(await pathOf(copy.primarySectionId)).toBe('world/asia');
      expect(await Promise.all(copy.secondarySectionIds.map(pathOf))).toEqual(['sport']);
      expect(renderDocumentHtml(copy.body)).toBe(renderDocumentHtml(original.body));
      expect(copy.authors.map((a) => [a.slug, a.name])).toEqual(original.authors.map((a) => [a.slug, a.name]));
      expect(copy.tags.map((t) => t.name)).toEqual(original.tags.map((t) => t.name));
      expect(copy.leadImage).toEqual({ ...original.leadImage, src: 'http://news.test/media/abc123/original.jpg' });
    } finally {
      await source.close();
    }
  }, 120_000);
});
