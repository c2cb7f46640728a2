import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../app-services.js';
import { systemClock } from '../platform/clock.js';
import { createDatabase } from '../platform/db/create-db.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { markdownToDocument } from '../rich-text/index.js';
import { REINDEX_STEPS, reindexHelp, runReindex } from './reindex-command.js';

/** `broadsheet reindex` in-process, on a SQLite DATA_DIR holding stories imported without notifications. */
describe('broadsheet reindex', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-reindex-'));
  const saved = { DATA_DIR: process.env.DATA_DIR, CONFIG_FILE: process.env.CONFIG_FILE, DATABASE_URL: process.env.DATABASE_URL };
  const ids: number[] = [];

  beforeAll(async () => {
    const database = await createDatabase({ dataDir });
    await migrateToLatest(database.db);
    const services = createAppServices({ db: database.db, clock: systemClock });
    const section = await services.sections.createSection({ slug: 'world', name: 'World', description: '', position: 0 });
    for (const [headline, body] of [
      ['Flood waters rise on the Danube', 'The Danube flood reached Budapest as river levels rose.'],
      ['Danube flood peaks in Budapest', 'River levels on the Danube peaked in Budapest overnight.'],
      ['Budapest counts the cost of the Danube flood', 'Shops along the Danube in Budapest reopened after the flood.'],
      ['Elections called in Portugal', 'Portugal will hold elections in March, the president said.'],
      ['Portugal votes in early elections', 'Voters in Portugal chose a new parliament in early elections.'],
    ]) {
      const article = await services.articles.createArticle({ headline: headline!, body: markdownToDocument(body!), status: 'published', primarySectionId: section.id, publishedAt: '2026-01-01T00:00:00Z' }, { notify: false });
      ids.push(article.id);
    }
    expect(await services.related.listRelated(ids[0]!)).toEqual([]);
    await database.close();
    Object.assign(process.env, { DATA_DIR: dataDir, CONFIG_FILE: '' });
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists its indexes in --help', () => {
    expect(reindexHelp).toContain('Usage: broadsheet reindex');
    for (const step of REINDEX_STEPS) expect(reindexHelp).toContain(step.name);
  });

  it('computes Related for every story, with progress, and refuses unknown index names', async () => {
    const lines: string[] = [];
    expect(await runReindex([], (line) => lines.push(line))).toBe(0);
    // Every index runs, in order: search, topics, then related.
    expect(lines.filter((line) => line.endsWith(': starting'))).toEqual(['search: starting', 'topics: starting', 'related: starting']);
    expect(lines).toContainEqual(expect.stringMatching(/^search: done in [\d.]+ s: 5 stories indexed for search/));
    expect(lines).toContain('related: 0/5');
    expect(lines).toContain('related: 5/5');
    expect(lines.at(-1)).toMatch(/^related: done in [\d.]+ s: 5 stories have Related lists/);

    const database = await createDatabase({ dataDir });
    try {
      const services = createAppServices({ db: database.db, clock: systemClock });
      const first = (await services.related.listRelated(ids[0]!)).map((e) => e.id);
      expect(first.slice(0, 2).sort()).toEqual([ids[1], ids[2]].sort());
    } finally {
      await database.close();
    }
    expect(await runReindex(['related'], () => undefined)).toBe(0);
    expect(await runReindex(['search-everything'], () => undefined)).toBe(2);
  });
});
