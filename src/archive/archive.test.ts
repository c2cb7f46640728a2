import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import type { BuiltApp } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { seedDemoIfEmpty } from '../demo/index.js';
import { rebuildAfterRestore } from '../cli/archive-command.js';
import type { Clock } from '../platform/clock.js';
import type { DialectName } from '../platform/db/create-db.js';
import { createTestDatabase, availableDialects } from '../../test/support/test-databases.js';
import { ARCHIVE_FORMAT_VERSION, createArchiveService, createArchiveStore, isSkippedTable } from './index.js';
import type { ArchiveManifest } from './index.js';

/** One clock for the source, the seeding and every restored copy: pages show relative times. */
const FIXED: Clock = { now: () => new Date('2026-11-20T12:00:00.000Z') };
const work = mkdtempSync(join(tmpdir(), 'broadsheet-archive-test-'));

interface Instance {
  built: BuiltApp;
  dataDir: string;
  archive: ReturnType<typeof createArchiveService>;
  close(): Promise<void>;
}

async function instance(dialect: DialectName, seed = false): Promise<Instance> {
  const database = await createTestDatabase(dialect);
  if (seed) await seedDemoIfEmpty({ database, dataDir: database.dataDir, clock: FIXED });
  const config = loadConfig({ env: { DATA_DIR: database.dataDir, PUBLIC_URL: 'http://news.test', LOG_LEVEL: 'silent', CONFIG_FILE: '' } });
  const built = await buildApp({ config, database, logger: false, clock: FIXED, scheduler: false });
  await built.app.ready();
  const archive = createArchiveService({ store: createArchiveStore(database.db, database.dialect), dialect: database.dialect, mediaDir: join(database.dataDir, 'media'), now: FIXED.now });
  return {
    built,
    dataDir: database.dataDir,
    archive,
    close: async () => {
      await built.app.close();
      await database.close();
    },
  };
}

async function readEntries(file: string): Promise<{ name: string; body: Buffer }[]> {
  const entries: { name: string; body: Buffer }[] = [];
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      entries.push({ name: header.name, body: Buffer.concat(chunks) });
      next();
    });
  });
  await pipeline(createReadStream(file), createGunzip(), extract);
  return entries;
}

async function writeEntries(file: string, entries: { name: string; body: Buffer }[]): Promise<void> {
  const pack = tar.pack();
  const done = pipeline(pack, createGzip(), createWriteStream(file));
  for (const entry of entries) pack.entry({ name: entry.name }, entry.body);
  pack.finalize();
  await done;
}

/** Reader paths found in the sitemaps, plus feeds and the other listings they point to. */
async function publicPaths(app: BuiltApp['app']): Promise<string[]> {
  const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  const children = locs((await app.inject('/sitemap.xml')).body);
  const pages = new Set<string>(['/sitemap.xml', '/robots.txt', '/feed.xml', '/atom.xml', '/feed.json', ...children]);
  for (const child of children) for (const path of locs((await app.inject(child)).body)) pages.add(path);
  for (const path of [...pages]) {
    if (/^\/(authors|tags)\/[^/]+$/.test(path)) pages.add(`${path}/feed.xml`);
  }
  for (const word of await searchWords(app)) pages.add(`/search?q=${encodeURIComponent(word)}`);
  return [...pages].sort();
}

/** The longest word of each of the newest three headlines: searches that must find stories. */
async function searchWords(app: BuiltApp['app']): Promise<string[]> {
  const feed = (await app.inject('/feed.json')).json() as { items: { title: string }[] };
  return feed.items.slice(0, 3).map((item) => item.title.split(/[^A-Za-z]+/).reduce((a, b) => (b.length > a.length ? b : a), '').toLowerCase());
}

const dialects = await availableDialects();

describe('whole-publication archive', () => {
  let source: Instance;
  let file: string;
  let manifest: ArchiveManifest;
  let key: string;

  beforeAll(async () => {
    source = await instance('sqlite', true);
    key = (await source.built.services.contentKeys.issueKey('archive test')).key;
    await source.built.services.users.addUser({ email: 'owner@paper.test', name: 'Owner', role: 'admin', password: 'a long enough password' }, { system: 'cli' });
    file = join(work, 'paper.tar.gz');
    manifest = await source.archive.exportArchive(file, { withPasswordHashes: false });
  }, 300_000);
  afterAll(async () => {
    await source?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('writes a manifest with the format version and counts, every table found by introspection, and the media files', async () => {
    expect(manifest).toMatchObject({ format: 'broadsheet-archive', formatVersion: ARCHIVE_FORMAT_VERSION, sourceDialect: 'sqlite', withPasswordHashes: false });
    expect(manifest.tables.articles).toBe(await source.built.services.articles.countAll());
    for (const table of ['articles', 'sections', 'authors', 'tags', 'pages', 'settings', 'media', 'content_keys', 'users', 'interchange_sources', 'audit_log']) expect(manifest.tables, table).toHaveProperty(table);
    for (const table of ['sessions', 'one_time_tokens', 'article_locks', 'kysely_migration', 'api_tokens']) expect(manifest.tables, table).not.toHaveProperty(table);
    expect(isSkippedTable('reader_sessions')).toBe(true);
    const entries = await readEntries(file);
    expect(entries[0]!.name).toBe('manifest.json');
    const mediaDir = join(source.dataDir, 'media');
    const mediaFiles = readdirSync(mediaDir, { recursive: true, encoding: 'utf8' }).filter((n) => statSync(join(mediaDir, n)).isFile());
    expect(manifest.media.files).toBe(mediaFiles.length);
    expect(mediaFiles.length).toBeGreaterThan(10);
    const users = entries.find((e) => e.name === 'tables/users.jsonl')!.body.toString().trim().split('\n').map((l) => JSON.parse(l) as { email: string; password_hash: string | null });
    expect(users.find((u) => u.email === 'owner@paper.test')).toMatchObject({ password_hash: null });
  });

  it('keeps password hashes only when asked', async () => {
    const withHashes = join(work, 'with-hashes.tar.gz');
    const m = await source.archive.exportArchive(withHashes, { withPasswordHashes: true });
    expect(m.tables).toHaveProperty('api_tokens');
    const users = (await readEntries(withHashes)).find((e) => e.name === 'tables/users.jsonl')!.body.toString();
    expect(users).toMatch(/"password_hash":"\$argon2id\$/);
  });

  describe.each(dialects)('restored into an empty %s instance', (dialect) => {
    let target: Instance;
    beforeAll(async () => {
      target = await instance(dialect);
      await target.archive.importArchive(file);
      // As `broadsheet import archive` does after restoring the rows.
      await rebuildAfterRestore(target.built.services);
    }, 300_000);
    afterAll(async () => target?.close());

    it('answers every reader page, feed and sitemap byte for byte like the original', async () => {
      const paths = await publicPaths(source.built.app);
      expect(paths.length).toBeGreaterThan(40);
      for (const prefix of ['/articles/', '/authors/', '/tags/', '/sitemaps/', '/about']) expect(paths.some((p) => p.startsWith(prefix)), prefix).toBe(true);
      const differences: string[] = [];
      // Comment and reaction forms carry a signed token holding the time the form was rendered.
      const withoutTokens = (html: string) => html.replace(/name="token" value="[^"]*"/g, 'name="token" value=""');
      // Search ranks with the engine of each database (FTS5 bm25, PostgreSQL ts_rank): across
      // dialects the same stories are found, in an order and with snippets of their own.
      const storiesFound = (html: string) => [...new Set(html.match(/href="\/articles\/[a-z0-9-]+"/g) ?? [])].sort();
      for (const path of paths) {
        const [a, b] = [await source.built.app.inject(path), await target.built.app.inject(path)];
        const same = path.startsWith('/search?') && dialect !== 'sqlite' ? storiesFound(a.body).join() === storiesFound(b.body).join() : withoutTokens(a.body) === withoutTokens(b.body);
        if (a.statusCode !== b.statusCode || !same) differences.push(`${path}: ${a.statusCode} vs ${b.statusCode}`);
        expect(a.statusCode, path).toBe(200);
      }
      expect(differences).toEqual([]);
      // The search index is rebuilt on restore: the searches find the stories they found before.
      const searches = paths.filter((p) => p.startsWith('/search?'));
      expect(searches).toHaveLength(3);
      for (const path of searches) expect((await target.built.app.inject(path)).body, path).toMatch(/href="\/articles\/[a-z0-9-]+"/);
    }, 300_000);

    it('answers the Content API (same key) byte for byte like the original', async () => {
      const api = (app: BuiltApp['app'], path: string) => app.inject({ method: 'GET', url: `/api/content/v1${path}`, headers: { 'x-content-key': key } });
      const list = api(source.built.app, '/articles?limit=50');
      const ids = ((await list).json() as { articles: { id: number; slug: string }[] }).articles;
      expect(ids.length).toBeGreaterThan(10);
      const paths = ['/articles?limit=50', '/articles?limit=5', '/sections', '/authors', '/tags', '/pages', ...ids.map((a) => `/articles/${a.id}`), ...ids.slice(0, 5).map((a) => `/articles/${a.id}.ninjs`), ...(await searchWords(source.built.app)).map((w) => `/search?q=${encodeURIComponent(w)}`)];
      const idsFound = (body: string) => ((JSON.parse(body) as { results: { article: { id: number } }[] }).results.map((r) => r.article.id)).sort((x, y) => x - y);
      for (const path of paths) {
        const [a, b] = [await api(source.built.app, path), await api(target.built.app, path)];
        expect(a.statusCode, path).toBe(200);
        if (path.startsWith('/search?') && dialect !== 'sqlite') expect(idsFound(b.body), path).toEqual(idsFound(a.body));
        else expect(b.body, path).toBe(a.body);
      }
    }, 300_000);

    it('restores the media files byte for byte and keeps ids, so new rows continue after them', async () => {
      const mediaDir = join(source.dataDir, 'media');
      for (const name of readdirSync(mediaDir, { recursive: true, encoding: 'utf8' }).filter((n) => statSync(join(mediaDir, n)).isFile())) {
        expect(readFileSync(join(target.dataDir, 'media', name)).equals(readFileSync(join(mediaDir, name))), name).toBe(true);
      }
      const tag = await target.built.services.tags.ensureTag('A brand new tag');
      expect(tag.id).toBe(manifest.tables.tags! + 1);
    });

    it('refuses to restore into an instance that is no longer empty', async () => {
      await expect(target.archive.importArchive(file)).rejects.toMatchObject({ code: 'ARCHIVE_TARGET_NOT_EMPTY' });
    });
  });

  describe('bad input', () => {
    let target: Instance;
    beforeAll(async () => {
      target = await instance('sqlite');
    }, 120_000);
    afterAll(async () => target?.close());

    const expectStillEmpty = async () => {
      expect(await target.built.services.articles.countAll()).toBe(0);
      expect((await target.built.services.sections.getTree()).byId.size).toBe(0);
      expect(existsSync(join(target.dataDir, 'media')) ? readdirSync(join(target.dataDir, 'media')) : []).toEqual([]);
    };

    it('refuses a truncated archive and writes nothing', async () => {
      const cut = join(work, 'cut.tar.gz');
      writeFileSync(cut, readFileSync(file));
      truncateSync(cut, Math.floor(statSync(file).size / 2));
      await expect(target.archive.importArchive(cut)).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT', detail: expect.stringMatching(/truncated/) });
      await expectStillEmpty();
    });

    it('refuses a file that is not an archive, and a missing file', async () => {
      const junk = join(work, 'junk.tar.gz');
      writeFileSync(junk, 'this is not gzip');
      await expect(target.archive.importArchive(junk)).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT' });
      await expect(target.archive.importArchive(join(work, 'nope.tar.gz'))).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT' });
      await expectStillEmpty();
    });

    it('refuses another format version with a clear message', async () => {
      const entries = await readEntries(file);
      const manifestEntry = entries[0]!;
      manifestEntry.body = Buffer.from(JSON.stringify({ ...(JSON.parse(manifestEntry.body.toString()) as object), formatVersion: 99 }));
      const future = join(work, 'future.tar.gz');
      await writeEntries(future, entries);
      await expect(target.archive.importArchive(future)).rejects.toMatchObject({ code: 'ARCHIVE_VERSION_UNSUPPORTED', detail: `This Broadsheet reads archive format version ${ARCHIVE_FORMAT_VERSION}; the file is version 99.` });
      await expectStillEmpty();
    });

    it('rolls everything back when a row fails late in the restore (one transaction)', async () => {
      const entries = await readEntries(file);
      // A correction pointing to an article that does not exist: fails after sections, authors, articles… are in.
      const corrections = entries.find((e) => e.name === 'tables/corrections.jsonl')!;
      const manifestEntry = entries[0]!;
      const m = JSON.parse(manifestEntry.body.toString()) as ArchiveManifest;
      corrections.body = Buffer.concat([corrections.body, Buffer.from(`${JSON.stringify({ id: 999_999, article_id: 987_654, body: 'Dangling.', corrected_at: '2026-01-01T00:00:00.000Z' })}\n`)]);
      m.tables.corrections = (m.tables.corrections ?? 0) + 1;
      manifestEntry.body = Buffer.from(JSON.stringify(m));
      const broken = join(work, 'broken.tar.gz');
      await writeEntries(broken, entries);
      await expect(target.archive.importArchive(broken)).rejects.toThrow();
      await expectStillEmpty();
    });

    it('refuses an archive whose row counts disagree with its manifest', async () => {
      const entries = await readEntries(file);
      const tags = entries.find((e) => e.name === 'tables/tags.jsonl')!;
      tags.body = Buffer.from(tags.body.toString().split('\n').slice(1).join('\n'));
      const short = join(work, 'short.tar.gz');
      await writeEntries(short, entries);
      await expect(target.archive.importArchive(short)).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT', detail: expect.stringMatching(/^tables\/tags\.jsonl holds \d+ row\(s\); the manifest says \d+\.$/) });
      await expectStillEmpty();
    });
  });
});
