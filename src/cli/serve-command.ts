import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildApp, openDatabase } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { isEmptyPublication } from '../demo/index.js';
import { reportStartupError } from './cli-errors.js';

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
or DEMO_CONTENT=false is set.

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
    database = await openDatabase(config);
  } catch (error) {
    return reportStartupError(error);
  }
  const seedDemo = config.DEMO_CONTENT && !args.empty;
  try {
    if (seedDemo && (await isEmptyPublication(database))) {
      const code = await seedDemoInChildProcess();
      if (code !== 0) throw new Error(`Seeding the demo newspaper failed (broadsheet seed-demo exited with ${code}); start with --empty (or DEMO_CONTENT=false) to skip it`);
    }
    const { app, services } = await buildApp({ config, database });
    const shutdown = async (signal: string) => {
      app.log.info({ signal }, 'shutting down');
      await app.close();
      await database.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    await app.listen({ host: config.HOST, port: config.PORT });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
    console.log(`Broadsheet is serving ${database.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (${database.location}) at http://${host}:${port}/ — ready in ${Math.round(performance.now() - startedAt)} ms`);
    if (config.PUBLIC_URL !== `http://${host}:${port}`) console.log(`Canonical URL (PUBLIC_URL): ${config.PUBLIC_URL}`);
    const setupUrl = await services.users.issueOwnerSetupLink();
    if (setupUrl) {
      const token = new URL(setupUrl).searchParams.get('token') ?? '';
      console.log(
        `\nNo staff account exists yet. Create the owner (an admin) with this one-time link, valid for 7 days:\n  ${setupUrl}\n` +
          `or with the Admin API:\n  curl -X POST ${config.PUBLIC_URL}/api/admin/v1/setup -H 'content-type: application/json' \\\n` +
          `    -d '{"token":"${token}","email":"you@example.com","name":"Your Name","password":"at least 10 characters"}'\n` +
          `or from the shell: npx broadsheet user add --email you@example.com --role admin\n`,
      );
    }
    return undefined;
  } catch (error) {
    await database.close().catch(() => undefined);
    return reportStartupError(error);
  }
}
