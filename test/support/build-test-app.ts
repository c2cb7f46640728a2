import { buildApp } from '../../src/app.js';
import type { BuiltApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { DialectName } from '../../src/platform/db/create-db.js';
import type { Clock } from '../../src/platform/clock.js';
import { createTestDatabase } from './test-databases.js';

/** A built app on a fresh database of `dialect`; call `close()` in afterAll (it drops the database). */
export async function buildTestApp(options: { dialect?: DialectName; clock?: Clock; env?: Record<string, string> } = {}): Promise<BuiltApp & { dataDir: string; close(): Promise<void> }> {
  const database = await createTestDatabase(options.dialect ?? 'sqlite');
  const config = loadConfig({
    // Suites fire many searches from one address at a frozen clock; the search limit has its own test.
    env: { DATA_DIR: database.dataDir, PUBLIC_URL: 'http://news.test', LOG_LEVEL: 'silent', CONFIG_FILE: '', SEARCH_PER_MINUTE: '100000', ...options.env },
  });
  const built = await buildApp({ config, database, logger: false, ...(options.clock ? { clock: options.clock } : {}) });
  await built.app.ready();
  return {
    ...built,
    dataDir: database.dataDir,
    close: async () => {
      await built.app.close();
      await database.close();
    },
  };
}
