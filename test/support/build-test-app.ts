import { afterAll } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { BuiltApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { DialectName } from '../../src/platform/db/create-db.js';
import type { Clock } from '../../src/platform/clock.js';
import { createTestDatabase } from './test-databases.js';

/** A built app on a fresh database of `dialect`, closed after the file's tests. */
export async function buildTestApp(options: { dialect?: DialectName; clock?: Clock; env?: Record<string, string> } = {}): Promise<BuiltApp> {
  const database = await createTestDatabase(options.dialect ?? 'sqlite');
  const config = loadConfig({
    env: { DATA_DIR: database.dataDir, PUBLIC_URL: 'http://news.test', LOG_LEVEL: 'silent', CONFIG_FILE: '', ...options.env },
  });
  const built = await buildApp({ config, database, logger: false, ...(options.clock ? { clock: options.clock } : {}) });
  await built.app.ready();
  afterAll(async () => {
    await built.app.close();
    await database.close();
  });
  return built;
}
