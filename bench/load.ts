// npm run bench:load — many concurrent connections on a mix of reader URLs (articles, section
// fronts, home, search, feeds, sitemap) against Broadsheet with the demo newspaper, and a raw
// node:http server with the same connection count, in the same run.
// Settings: BENCH_CONNECTIONS (default 500), BENCH_DURATION seconds (default 60), or the flags
// --connections N --duration S. Example quick run: npm run bench:load -- --connections 100 --duration 5
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values: flags } = parseArgs({ options: { connections: { type: 'string' }, duration: { type: 'string' } }, allowPositionals: true });
const CONNECTIONS = Number(flags.connections ?? process.env.BENCH_CONNECTIONS ?? 500);
const DURATION_S = Number(flags.duration ?? process.env.BENCH_DURATION ?? 60);
const BROADSHEET_PORT = 3911;
const RAW_PORT = 3912;

interface Result { name: string; requests: number; rps: number; p50: number; p99: number; errors: number; timeouts: number; non2xx: number }

function startProcess(args: string[], env: Record<string, string>, readyText: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyText)) resolve(child);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    setTimeout(() => reject(new Error(`timed out waiting for "${readyText}":\n${output}`)), 180_000).unref();
  });
}

async function load(name: string, base: string, paths: string[]): Promise<Result> {
  // Each connection walks the list of paths in turn, so every URL gets its share of the load.
  const result = await autocannon({ url: base, connections: CONNECTIONS, duration: DURATION_S, pipelining: 1, timeout: 30, requests: paths.map((path) => ({ method: 'GET', path })) });
  return { name, requests: result.requests.total, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx };
}

const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-load-'));
const children: ChildProcess[] = [];
try {
  console.log(`Seeding the demo into ${dataDir} and starting Broadsheet on :${BROADSHEET_PORT}…`);
  children.push(await startProcess(['--import', 'tsx', 'src/main.ts'], { DATA_DIR: dataDir, PORT: String(BROADSHEET_PORT), LOG_LEVEL: 'warn' }, 'Broadsheet is serving'));
  const base = `http://127.0.0.1:${BROADSHEET_PORT}`;
  const home = await (await fetch(`${base}/`)).text();
  const articles = [...new Set([...home.matchAll(/href="(\/articles\/[a-z0-9-]+)"/g)].map((m) => m[1]!))].slice(0, 12);
  const sections = [...new Set([...home.matchAll(/href="(\/[a-z0-9-]+\/)"/g)].map((m) => m[1]!))].slice(0, 6);
  if (articles.length === 0 || sections.length === 0) throw new Error('no article or section links on the home page');
  const paths = ['/', ...articles, ...sections, '/search?q=city', '/search?q=police', '/feed.xml', '/atom.xml', '/feed.json', `${sections[0]}feed.xml`, '/sitemap.xml'];
  for (const path of paths) {
    const status = (await fetch(`${base}${path}`)).status;
    if (status !== 200) throw new Error(`${path} answered ${status}`);
  }
  const articleBytes = Buffer.from(await (await fetch(`${base}${articles[0]}`)).arrayBuffer());
  const bytesFile = join(dataDir, 'article.html');
  writeFileSync(bytesFile, articleBytes);
  children.push(await startProcess(['--import', 'tsx', 'bench/raw-server.ts', bytesFile, String(RAW_PORT)], {}, 'raw server ready'));

  console.log(`autocannon: ${CONNECTIONS} connections, ${DURATION_S} s per target, loopback; Broadsheet mix of ${paths.length} URLs:\n  ${paths.join(' ')}\n`);
  const results = [await load('(a) raw node:http, article bytes', `http://127.0.0.1:${RAW_PORT}`, ['/']), await load('(b) Broadsheet, mixed reader URLs', base, paths)];
  console.log('target'.padEnd(40), 'requests'.padStart(10), 'req/s'.padStart(9), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'errors'.padStart(7), 'timeouts'.padStart(9), 'non-2xx'.padStart(8));
  for (const r of results) console.log(r.name.padEnd(40), String(r.requests).padStart(10), r.rps.toFixed(0).padStart(9), String(r.p50).padStart(8), String(r.p99).padStart(8), String(r.errors).padStart(7), String(r.timeouts).padStart(9), String(r.non2xx).padStart(8));
  const [raw, broadsheet] = results;
  const failures = broadsheet!.errors + broadsheet!.timeouts + broadsheet!.non2xx;
  console.log(`\nBroadsheet / raw node:http = ${(broadsheet!.rps / raw!.rps).toFixed(3)} req/s; p99 ${broadsheet!.p99} ms vs ${raw!.p99} ms; errors + timeouts + non-2xx: ${failures} (target 0)`);
  if (failures > 0) process.exitCode = 1;
} finally {
  for (const child of children) child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
