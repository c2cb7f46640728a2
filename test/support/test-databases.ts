import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase } from '../../src/platform/db/create-db.js';
import type { DatabaseHandle, DialectName } from '../../src/platform/db/create-db.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';

/** PostgreSQL used by the tests: TEST_DATABASE_URL, else the local `test` database. */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** True in CI (.ci/run sets BROADSHEET_REQUIRE_SERVICES=1): a missing service fails instead of skipping. */
export const SERVICES_REQUIRED = process.env.BROADSHEET_REQUIRE_SERVICES === '1';

let postgresAvailable: Promise<boolean> | undefined;

/** Whether PostgreSQL answers; prints a loud notice once when it does not. */
export function isPostgresAvailable(): Promise<boolean> {
  postgresAvailable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch (error) {
      if (SERVICES_REQUIRED) throw new Error(`PostgreSQL is required (BROADSHEET_REQUIRE_SERVICES=1) but ${TEST_POSTGRES_URL} does not answer: ${(error as Error).message}`);
      console.warn(`\n*** SKIPPING PostgreSQL tests: ${TEST_POSTGRES_URL} does not answer (${(error as Error).message}). CI requires them. ***\n`);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresAvailable;
}

/** A fresh, migrated database of `dialect`: a temp SQLite file, or a new PostgreSQL schema. Dropped on close. */
export async function createTestDatabase(dialect: DialectName): Promise<DatabaseHandle & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-test-'));
  if (dialect === 'sqlite') {
    const handle = await createDatabase({ dataDir });
    await migrateToLatest(handle.db);
    return {
      ...handle,
      dataDir,
      close: async () => {
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const handle = await createDatabase({ databaseUrl: TEST_POSTGRES_URL, dataDir, postgresSchema: schema });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    dataDir,
    close: async () => {
      await handle.close();
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The dialects to run a suite on: SQLite always, PostgreSQL when it answers (always in CI). */
export async function availableDialects(): Promise<DialectName[]> {
  return (await isPostgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** Redis used by the tests: TEST_REDIS_URL, else the local server. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let redisAvailable: Promise<boolean> | undefined;

/** Whether Redis answers; prints a loud notice once when it does not (fatal in CI). */
export function isRedisAvailable(): Promise<boolean> {
  redisAvailable ??= (async () => {
    const { Redis } = await import('ioredis');
    const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return true;
    } catch (error) {
      if (SERVICES_REQUIRED) throw new Error(`Redis is required (BROADSHEET_REQUIRE_SERVICES=1) but ${TEST_REDIS_URL} does not answer: ${(error as Error).message}`);
      console.warn(`\n*** SKIPPING Redis tests: ${TEST_REDIS_URL} does not answer (${(error as Error).message}). CI requires them. ***\n`);
      return false;
    } finally {
      client.disconnect();
    }
  })();
  return redisAvailable;
}
