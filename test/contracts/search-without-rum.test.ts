import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../../src/app-services.js';
import type { AppServices } from '../../src/app-services.js';
import { createDatabase } from '../../src/platform/db/create-db.js';
import type { DatabaseHandle } from '../../src/platform/db/create-db.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { markdownToDocument } from '../../src/rich-text/index.js';
import { makeArticle, makeSections } from '../support/factories.js';
import { isPostgresAvailable, TEST_POSTGRES_URL } from '../support/test-databases.js';

/**
 * A managed PostgreSQL often lacks the rum extension, or the app's role may not create it: the
 * migrations must still pass and search must still find and rank stories (ts_rank_cd). This
 * suite makes a fresh database owned by an unprivileged role, where `create extension rum` fails.
 */
const hasPostgres = await isPostgresAvailable();

describe.runIf(hasPostgres)('PostgreSQL search without the rum extension', () => {
  const suffix = randomBytes(5).toString('hex');
  const role = `broadsheet_norum_${suffix}`;
  const databaseName = `broadsheet_norum_${suffix}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-norum-'));
  let handle: DatabaseHandle;
  let services: AppServices;
  let migrated: string[];

  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin(`create role ${role} login nosuperuser nocreatedb nocreaterole`);
    await admin(`create database ${databaseName} owner ${role}`);
    const url = new URL(TEST_POSTGRES_URL);
    url.username = role;
    url.password = '';
    url.pathname = `/${databaseName}`;
    handle = await createDatabase({ databaseUrl: url.toString(), dataDir });
    migrated = await migrateToLatest(handle.db);
    const now = new Date('2026-06-01T12:00:00.000Z');
    services = createAppServices({ db: handle.db, clock: { now: () => now } });
    const sections = await makeSections(services, ['world', 'business']);
    await makeArticle(services, { slug: 'heron-body', primarySectionId: sections.business!, headline: 'Harbour fees rise', body: markdownToDocument('A grey heron watched the boats.'), publishedAt: '2026-05-02T08:00:00.000Z' });
    await makeArticle(services, { slug: 'heron-headline', primarySectionId: sections.world!, headline: 'Herons return to the marsh', body: markdownToDocument('Birdwatchers counted forty nests.'), publishedAt: '2026-05-01T08:00:00.000Z' });
  });

  afterAll(async () => {
    await handle?.close();
    await admin(`drop database if exists ${databaseName} with (force)`);
    await admin(`drop role if exists ${role}`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates without the extension and keeps the narrow-row settings', async () => {
    expect(migrated).toContain('2026-11-29-0100-tune-search-documents');
    const extension = await sql`select 1 from pg_extension where extname = 'rum'`.execute(handle.db);
    expect(extension.rows).toEqual([]);
    const rumIndexes = await sql`select 1 from pg_indexes where indexname = 'search_documents_rum_idx'`.execute(handle.db);
    expect(rumIndexes.rows).toEqual([]);
    const storage = await sql<{ attname: string; attstorage: string }>`select attname, attstorage from pg_attribute
      where attrelid = 'search_documents'::regclass and attname in ('body', 'document') order by attname`.execute(handle.db);
    expect(storage.rows).toEqual([{ attname: 'body', attstorage: 'e' }, { attname: 'document', attstorage: 'e' }]);
  });

  it('finds and ranks stories with ts_rank_cd (headline above body), counts and highlights', async () => {
    const found = await services.search.search({ query: 'herons', limit: 10, offset: 0 });
    expect(found.results.map((r) => r.article.slug)).toEqual(['heron-headline', 'heron-body']);
    expect(found.total).toBe(2);
    expect(found.results[0]!.headlineHtml).toContain('<mark>Herons</mark>');
    expect(found.results[1]!.snippetHtml).toContain('<mark>heron</mark>');
  });

  it('rebuilds the index without a RUM index to drop', async () => {
    expect(await services.search.reindexAll()).toEqual({ indexed: 2 });
    expect((await services.search.search({ query: 'heron', limit: 10, offset: 0 })).total).toBe(2);
  });
});
