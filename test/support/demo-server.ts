import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, openDatabase } from '../../src/app.js';
import type { BuiltApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { seedDemoIfEmpty } from '../../src/demo/index.js';

/** A real HTTP server on a loopback port, serving the seeded demo newspaper from a temp folder. */
export interface DemoServer {
  url: string;
  built: BuiltApp;
  close(): Promise<void>;
}

export async function startDemoServer(): Promise<DemoServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-demo-'));
  const config = loadConfig({ env: { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', CONFIG_FILE: '' } });
  const database = await openDatabase(config);
  await seedDemoIfEmpty({ database, dataDir });
  const built = await buildApp({ config, database, logger: false });
  await built.app.listen({ host: '127.0.0.1', port: 0 });
  const address = built.app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    built,
    close: async () => {
      await built.app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
