// npm run bench:trending — loopback load test of the Trending Stories view beacon (POST /beacon)
// against a raw node:http server answering 204, measured in the same run.
// Broadsheet runs the demo newspaper on SQLite; every beacon names one of the demo's stories and
// comes from its own client (X-Forwarded-For; app.ts trusts the proxy) with one of many browser
// user agents, so dedupe does not short-circuit the work.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** A port free right now (other benchmarks may run on this machine at the same time). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
const BROADSHEET_PORT = Number(process.env.BENCH_PORT ?? (await freePort()));
const RAW_PORT = await freePort();
const TARGET = 5000;

interface Result { name: string; rps: number; p50: number; p99: number; non2xx: number; errors: number; total: number }

function startProcess(command: string, args: string[], env: Record<string, string>, readyText: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyText)) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code}:\n${output}`)));
    setTimeout(() => reject(new Error(`timed out waiting for "${readyText}":\n${output}`)), 180_000).unref();
  });
}

let sequence = 0;
/** A browser user agent out of 2,000 (Firefox and Chrome builds on a few systems). */
function userAgent(n: number): string {
  const systems = ['X11; Linux x86_64', 'Windows NT 10.0; Win64; x64', 'Macintosh; Intel Mac OS X 14_6', 'X11; Ubuntu; Linux x86_64'];
  const system = systems[n % systems.length];
  const build = 100 + (n % 500);
  return n % 2 === 0
    ? `Mozilla/5.0 (${system}; rv:${build}.0) Gecko/20100101 Firefox/${build}.0`
    : `Mozilla/5.0 (${system}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${build}.0.${n % 4000}.0 Safari/537.36`;
}

async function load(name: string, url: string, ids: number[]): Promise<Result> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    pipelining: 1,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          sequence += 1;
          const n = sequence;
          // ~16 million client addresses: each sends a handful of beacons at most.
          const ip = `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
          return {
            ...request,
            method: 'POST',
            path: `/beacon?a=${ids[n % ids.length]}`,
            headers: { ...request.headers, 'user-agent': userAgent(n % 2000), 'x-forwarded-for': ip, 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'empty', 'content-length': '0' },
          };
        },
      },
    ],
  });
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts, total: result.requests.total };
}

const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-trending-'));
const children: ChildProcess[] = [];
try {
  console.log(`Seeding the demo into ${dataDir} and starting Broadsheet on :${BROADSHEET_PORT}…`);
  children.push(await startProcess(process.execPath, ['--import', 'tsx', 'src/main.ts'], { DATA_DIR: dataDir, PORT: String(BROADSHEET_PORT), LOG_LEVEL: 'warn' }, 'Broadsheet is serving'));
  const raw = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(204, { 'cache-control': 'no-store' }); s.end(); }); }).listen(${RAW_PORT}, '127.0.0.1', () => console.log('raw server ready'));`;
  children.push(await startProcess(process.execPath, ['-e', raw], {}, 'raw server ready'));

  const sqlite = new Database(join(dataDir, 'broadsheet.sqlite'), { readonly: true });
  const ids = (sqlite.prepare(`select id from articles where status = 'published'`).all() as { id: number }[]).map((r) => r.id);
  const storedViews = () => Number((sqlite.prepare('select coalesce(sum(views), 0) as n from trending_views').get() as { n: number }).n);
  if (ids.length === 0) throw new Error('the demo has no published stories');

  console.log(`autocannon: ${CONNECTIONS} connections, ${DURATION_S} s per target, loopback; ${ids.length} stories, distinct client addresses, 2,000 user agents\n`);
  const results: Result[] = [];
  results.push(await load('(a) raw node:http answering 204', `http://127.0.0.1:${RAW_PORT}`, ids));
  const before = storedViews();
  results.push(await load('(b) Broadsheet POST /beacon', `http://127.0.0.1:${BROADSHEET_PORT}`, ids));
  // The app writes counted views every 5 s: wait for the last batch.
  await new Promise((resolve) => setTimeout(resolve, 6500));
  const counted = storedViews() - before;

  console.log('target'.padEnd(40), 'req/s'.padStart(9), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'non-2xx'.padStart(8), 'errors'.padStart(7));
  for (const r of results) console.log(r.name.padEnd(40), r.rps.toFixed(0).padStart(9), String(r.p50).padStart(8), String(r.p99).padStart(8), String(r.non2xx).padStart(8), String(r.errors).padStart(7));
  const [baseline, beacon] = results;
  const accepted = (beacon!.total - beacon!.non2xx) / DURATION_S;
  console.log(`\nbeacons accepted (2xx): ${accepted.toFixed(0)}/s (target: at least ${TARGET}/s) — ${accepted >= TARGET ? 'met' : 'NOT met'}`);
  console.log(`views counted and stored: ${counted} for ${beacon!.total} beacons answered in the window (beacons still in flight when it closed count too; repeats within 30 minutes do not)`);
  console.log(`p99: raw ${baseline!.p99} ms, beacon ${beacon!.p99} ms`);
  console.log(`beacon / raw node:http = ${(beacon!.rps / baseline!.rps).toFixed(3)}`);
  sqlite.close();
} finally {
  for (const child of children) child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
