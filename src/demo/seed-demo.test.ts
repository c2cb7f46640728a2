import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import type { BuiltApp } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import type { Clock } from '../platform/clock.js';
import type { DialectName } from '../platform/db/create-db.js';
import { availableDialects, createTestDatabase } from '../../test/support/test-databases.js';
import { seedDemoIfEmpty } from './seed-demo.js';

const dialects = await availableDialects();
const clock: Clock = { now: () => new Date('2026-11-27T12:00:00.000Z') };

describe('the demo newspaper', () => {
  // One media folder for every dialect: pictures are drawn once and reused.
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-seed-'));
  const apps = new Map<DialectName, BuiltApp & { closeDb(): Promise<void> }>();

  beforeAll(async () => {
    for (const dialect of dialects) {
      const database = await createTestDatabase(dialect);
      const result = await seedDemoIfEmpty({ database, dataDir, clock });
      expect(result).toMatchObject({ articles: 44 });
      const config = loadConfig({ env: { DATA_DIR: dataDir, PUBLIC_URL: 'http://demo.test', LOG_LEVEL: 'silent', CONFIG_FILE: '' } });
      const built = await buildApp({ config, database, clock, logger: false });
      apps.set(dialect, { ...built, closeDb: () => database.close() });
    }
  }, 120_000);

  afterAll(async () => {
    for (const built of apps.values()) {
      await built.app.close();
      await built.closeDb();
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has reactions and comments, with a reply and one comment pending moderation (Public Reaction)', async () => {
    for (const built of apps.values()) {
      const [lead] = await built.services.articles.listPublished({ limit: 1 });
      const list = await built.services.comments.list(lead!.id);
      expect(list.total).toBeGreaterThanOrEqual(3);
      expect(list.comments.some((c) => c.replies.length > 0)).toBe(true);
      expect((await built.services.reactions.summary(lead!.id)).total).toBeGreaterThan(0);
      expect(await built.services.comments.queue({ kind: 'pending', limit: 10 })).toHaveLength(1);
    }
  });

  it('has at least 40 articles, 4 authors, a section tree 3 levels deep and corrections', async () => {
    const { services } = apps.get('sqlite')!;
    const stories = await services.articles.listPublishedFull({ limit: 100 });
    expect(stories.length).toBeGreaterThanOrEqual(40);
    expect((await services.authors.listAuthors()).length).toBeGreaterThanOrEqual(4);
    const tree = await services.sections.getTree();
    expect(Math.max(...[...tree.byId.values()].map((s) => s.depth))).toBeGreaterThanOrEqual(2);
    expect(tree.byPath.has('world/asia/central-asia')).toBe(true);
    expect(stories.some((s) => s.corrections.length > 0)).toBe(true);
    for (const story of stories) {
      expect(story.leadImage?.alt, story.slug).toBeTruthy();
      for (const variant of story.leadImage?.variants ?? []) expect(existsSync(join(dataDir, variant.src))).toBe(true);
    }
  });

  it('is not seeded twice', async () => {
    const { database } = apps.get('sqlite')!;
    expect(await seedDemoIfEmpty({ database, dataDir, clock })).toBeNull();
  });

  it.runIf(dialects.includes('postgres'))('serves the same pages and API answers on PostgreSQL as on SQLite', async () => {
    const sqlite = apps.get('sqlite')!;
    const postgres = apps.get('postgres')!;
    const [first] = await sqlite.services.articles.listPublished({ limit: 1 });
    const paths = ['/', '/world/', '/world/asia/central-asia/', `/articles/${first!.slug}`, '/authors/' + first!.authors[0]!.slug, '/about', '/no-such-page'];
    // Search pages are left out: FTS5 and PostgreSQL rank and cut snippets differently by design.
    for (const path of paths) {
      const [a, b] = await Promise.all([sqlite.app.inject({ url: path }), postgres.app.inject({ url: path })]);
      expect(b.statusCode, path).toBe(a.statusCode);
      // Form tokens are signed with each database's own key (Public Reaction): compare the rest.
      const withoutTokens = (html: string) => html.replace(/name="token" value="[^"]*"/g, 'name="token" value=""');
      expect(withoutTokens(b.body), path).toBe(withoutTokens(a.body));
    }
    const [keyA, keyB] = await Promise.all([sqlite.services.contentKeys.issueKey('a'), postgres.services.contentKeys.issueKey('b')]);
    for (const path of ['/api/content/v1/articles?limit=100', '/api/content/v1/sections', '/api/content/v1/authors', '/api/content/v1/tags', `/api/content/v1/articles/${first!.slug}`]) {
      const [a, b] = await Promise.all([
        sqlite.app.inject({ url: path, headers: { 'x-content-key': keyA.key } }),
        postgres.app.inject({ url: path, headers: { 'x-content-key': keyB.key } }),
      ]);
      expect(a.statusCode, path).toBe(200);
      expect(b.json(), path).toEqual(a.json());
    }
  });
});
