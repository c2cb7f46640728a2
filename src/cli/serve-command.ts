import { spawn } from 'node:child_process';
import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { buildApp, openDatabase } from '../app.js';
import type { Config } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { isEmptyPublication } from '../demo/index.js';
import type { DatabaseHandle } from '../platform/db/create-db.js';
import { reportStartupError } from './cli-errors.js';
import { superviseWorkers, workerCount } from './serve-cluster.js';

const CLI = fileURLToPath(new URL('../../bin/broadsheet.js', import.meta.url));

/**
 * Seeds the demo with `broadsheet seed-demo` in a process of its own. Drawing the demo's images
 * (sharp) leaves ~220 MB of image-library memory in the process that does it, and a server that
 * had done it answered cached pages 15–30 % slower for its whole life (bench/RESULTS.md).
 */
function seedDemoInChildProcess(): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'seed-demo'], { env: process.env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

export const serveHelp = `Usage: broadsheet serve [--empty]

Starts the web server (reader site, APIs) on HOST:PORT.
On an empty database the demo newspaper is seeded first, unless --empty is given
or DEMO_CONTENT=false is set. WORKERS=n (or auto: one per CPU core) runs n server
processes on the one port; more than one needs REDIS_URL.

Options:
  --empty     start an empty publication (no demo content)
  -h, --help  show this help`;

/** Starts the server and keeps it running until SIGINT/SIGTERM. Returns the exit code on failure. */
export async function runServe(args: { empty: boolean }): Promise<number | undefined> {
  const startedAt = performance.now();
  let config;
  let database;
  try {
    config = loadConfig({ env: process.env });
    // A worker of `WORKERS=n`: the primary has migrated and seeded already.
    if (cluster.isWorker) return await serveWorker(config);
    const workers = workerCount(config.WORKERS);
    if (workers > 1 && !config.REDIS_URL) {
      console.error(`WORKERS=${config.WORKERS} needs REDIS_URL: without Redis each worker would keep its own sessions, sign-in limits, trending counts and page cache, and a change made through one worker would not reach the pages of the others.`);
      return 2;
    }
    database = await openDatabase(config);
    if (config.DEMO_CONTENT && !args.empty && (await isEmptyPublication(database))) {
      const code = await seedDemoInChildProcess();
      if (code !== 0) throw new Error(`Seeding the demo newspaper failed (broadsheet seed-demo exited with ${code}); start with --empty (or DEMO_CONTENT=false) to skip it`);
    }
    if (workers > 1) {
      // The workers open the database themselves; the primary only supervises them.
      const description = describeDatabase(database);
      await database.close();
      database = undefined;
      const settings = config;
      superviseWorkers({
        count: workers,
        onListening: (port) => printServing(settings, description, port, startedAt, workers),
        onGiveUp: (message) => console.error(`Broadsheet stopped: ${message}`),
      });
      return undefined;
    }
    const { app, services } = await buildApp({ config, database });
    const opened = database;
    handleShutdown(async () => {
      await app.close();
      await opened.close();
    }, app.log);
    await app.listen({ host: config.HOST, port: config.PORT });
    const address = app.server.address();
    printServing(config, describeDatabase(database), typeof address === 'object' && address ? address.port : config.PORT, startedAt, 1);
    await printOwnerSetup(config, services);
    return undefined;
  } catch (error) {
    await database?.close().catch(() => undefined);
    return reportStartupError(error);
  }
}

/** One worker of the cluster: the whole server on the shared port; the primary prints the ready line. */
async function serveWorker(config: Config): Promise<number | undefined> {
  const database = await openDatabase(config);
  try {
    const { app, services } = await buildApp({ config, database });
    handleShutdown(async () => {
      await app.close();
      await database.close();
    }, app.log);
    await app.listen({ host: config.HOST, port: config.PORT });
    // Workers started later (replacing one that died) do not issue another setup link.
    if (cluster.worker?.id === 1) await printOwnerSetup(config, services);
    return undefined;
  } catch (error) {
    await database.close().catch(() => undefined);
    return reportStartupError(error);
  }
}

function handleShutdown(close: () => Promise<void>, log: { info(object: object, message: string): void }): void {
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

function describeDatabase(database: DatabaseHandle): string {
  return `${database.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (${database.location})`;
}

function printServing(config: Config, database: string, port: number, startedAt: number, workers: number): void {
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  const processes = workers > 1 ? ` with ${workers} worker processes` : '';
  console.log(`Broadsheet is serving ${database} at http://${host}:${port}/${processes} — ready in ${Math.round(performance.now() - startedAt)} ms`);
  if (config.PUBLIC_URL !== `http://${host}:${port}`) console.log(`Canonical URL (PUBLIC_URL): ${config.PUBLIC_URL}`);
}

async function printOwnerSetup(config: Config, services: { users: { issueOwnerSetupLink(): Promise<string | null | undefined> } }): Promise<void> {
  const setupUrl = await services.users.issueOwnerSetupLink();
  if (!setupUrl) return;
  const token = new URL(setupUrl).searchParams.get('token') ?? '';
  console.log(
    `\nNo staff account exists yet. Create the owner (an admin) with this one-time link, valid for 7 days:\n  ${setupUrl}\n` +
      `or with the Admin API:\n  curl -X POST ${config.PUBLIC_URL}/api/admin/v1/setup -H 'content-type: application/json' \\\n` +
      `    -d '{"token":"${token}","email":"you@example.com","name":"Your Name","password":"at least 10 characters"}'\n` +
      `or from the shell: npx broadsheet user add --email you@example.com --role admin\n`,
  );
}
