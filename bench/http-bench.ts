// npm run bench:http — loopback load test of Broadsheet's reader pages against a raw node:http
// server sending exactly the bytes of the article page, measured in the same run.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { createDatabase } from '../src/platform/db/create-db.js';
import { HOUR_MS, createRedisTrendingStore, createSqlTrendingStore } from '../src/trending/index.js';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
/** Rounds over all targets; medians are reported (single runs on this machine vary by 15–40 %). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BROADSHEET_PORT = 3901;
const RAW_PORT = 3902;
const UNCACHED_PORT = 3903;
const RAW_HEADERS_PORT = 3904;
const WORKERS_PORT = 3905;
/** (e2) runs the uncached server as this many workers (WORKERS), when Redis answers at REDIS_URL. */
const WORKERS = Math.max(2, availableParallelism());
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Per-connection and per-date headers node:http writes itself. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

interface Result { errors: number; name: string; rps: number; p50: number; p99: number; bytes: number }

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
    setTimeout(() => reject(new Error(`timed out waiting for "${readyText}":\n${output}`)), 120_000).unref();
  });
}

const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 5);

/**
 * The load generator: wrk (1 thread, as in the reference figures) when it is installed,
 * else autocannon; BENCH_LOADGEN=autocannon|wrk chooses. On 2 cores the generator shares the
 * CPU with the server: autocannon (JavaScript) needs about a core of its own to drive 10,000
 * requests/s, which caps every target near that line, wrk a fraction of one.
 */
const LOADGEN = process.env.BENCH_LOADGEN ?? (hasWrk() ? 'wrk' : 'autocannon');
if (LOADGEN !== 'wrk' && LOADGEN !== 'autocannon') throw new Error(`BENCH_LOADGEN must be wrk or autocannon, not ${LOADGEN}`);

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version prints its banner and exits 1: only a missing binary is "not installed".
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

async function load(name: string, url: string, warmUp: boolean): Promise<Result> {
  // Steady state only: a fresh process compiles its code paths and fills SQLite's page cache on
  // its first requests (seconds of stall that would otherwise land in p99), so every target,
  // the raw baseline included, gets the same unrecorded warm-up run before its first round.
  if (LOADGEN === 'wrk') {
    if (warmUp && WARMUP_S > 0) runWrk(url, WARMUP_S);
    return { name, ...parseWrk(name, runWrk(url, DURATION_S)) };
  }
  if (warmUp && WARMUP_S > 0) await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S, pipelining: 1 });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, pipelining: 1 });
  if (result.non2xx > 0) throw new Error(`${name}: ${result.non2xx} non-2xx responses`);
  return { errors: result.errors + result.timeouts, name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, bytes: result.throughput.average / Math.max(1, result.requests.average) };
}

function runWrk(url: string, seconds: number): string {
  return execFileSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', url], { encoding: 'utf8', timeout: (seconds + 30) * 1000 });
}

/** Requests/s, median and 99th percentile latency (ms), bytes per response and errors from wrk's report. */
function parseWrk(name: string, report: string): Omit<Result, 'name'> {
  const fail = (what: string): never => {
    throw new Error(`${name}: no ${what} in wrk's report:\n${report}`);
  };
  const ms = (value: string, unit: string) => Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? NaN);
  const percentile = (p: string) => {
    const match = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(report) ?? fail(`${p}% latency`);
    return ms(match[1]!, match[2]!);
  };
  const totals = /(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read/.exec(report) ?? fail('totals');
  const bytesRead = Number(totals[2]) * ({ B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[totals[3]!] ?? NaN);
  const requests = Number(totals[1]);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(report);
  if (non2xx) throw new Error(`${name}: ${non2xx[1]} non-2xx responses`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(report);
  const errors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const rps = Number((/Requests\/sec:\s+([\d.]+)/.exec(report) ?? fail('Requests/sec'))[1]);
  return { errors, rps, p50: percentile('50'), p99: percentile('99'), bytes: bytesRead / Math.max(1, requests) };
}

const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-'));
const children: ChildProcess[] = [];
try {
  console.log(`Seeding the demo into ${dataDir} and starting Broadsheet on :${BROADSHEET_PORT}…`);
  // Seeded by its own process, as a deployment's data exists before its server starts: a server
  // that drew the demo's images itself keeps ~220 MB of image-library memory and answered cache
  // hits 15–30 % slower (86–104 µs of CPU a hit vs 70–90 µs, measured alternately).
  execFileSync(process.execPath, ['bin/broadsheet.js', 'seed-demo'], { env: { ...process.env, DATA_DIR: dataDir }, stdio: 'ignore' });
  children.push(await startProcess(process.execPath, ['--import', 'tsx', 'src/main.ts'], { DATA_DIR: dataDir, PORT: String(BROADSHEET_PORT), LOG_LEVEL: 'warn' }, 'Broadsheet is serving'));
  const base = `http://127.0.0.1:${BROADSHEET_PORT}`;
  const home = await (await fetch(`${base}/`)).text();
  const articlePath = /href="(\/articles\/[a-z0-9-]+)"/.exec(home)?.[1];
  const sectionPath = /href="(\/[a-z0-9-]+\/)"/.exec(home)?.[1];
  if (!articlePath || !sectionPath) throw new Error('could not find an article and a section link on the home page');
  const articleResponse = await fetch(`${base}${articlePath}`);
  const articleBytes = Buffer.from(await articleResponse.arrayBuffer());
  const bytesFile = join(dataDir, 'article.html');
  writeFileSync(bytesFile, articleBytes);
  // A second baseline sends the cached page's headers too (CSP, Surrogate-Key, ETag, …: ~1 KB,
  // 20 headers that node:http validates and the client parses on every response).
  const headersFile = join(dataDir, 'article-headers.json');
  const cachedHeaders = (await fetch(`${base}${articlePath}`)).headers;
  writeFileSync(headersFile, JSON.stringify(Object.fromEntries([...cachedHeaders].filter(([name]) => !TRANSPORT_HEADERS.has(name)))));
  children.push(await startProcess(process.execPath, ['--import', 'tsx', 'bench/raw-server.ts', bytesFile, String(RAW_PORT)], {}, 'raw server ready'));
  children.push(await startProcess(process.execPath, ['--import', 'tsx', 'bench/raw-server.ts', bytesFile, String(RAW_HEADERS_PORT), headersFile], {}, 'raw server ready'));
  children.push(await startProcess(process.execPath, ['--import', 'tsx', 'src/main.ts'], { DATA_DIR: dataDir, PORT: String(UNCACHED_PORT), LOG_LEVEL: 'warn', PAGE_CACHE_BYTES: '0' }, 'Broadsheet is serving'));
  // Rendering is single-threaded per process; WORKERS spreads it over the cores (needs Redis).
  const redisUp = await redisAnswers(REDIS_URL);
  if (redisUp) {
    const prefix = `bench-${process.pid}:`;
    // The demo's page views are in SQL; with Redis the workers count there, so they get the same
    // views (else their Trending block would be empty and the page lighter than (e)'s).
    await copyTrendingToRedis(dataDir, REDIS_URL, `${prefix}trending:`);
    const env = { DATA_DIR: dataDir, PORT: String(WORKERS_PORT), LOG_LEVEL: 'warn', PAGE_CACHE_BYTES: '0', WORKERS: String(WORKERS), REDIS_URL, REDIS_KEY_PREFIX: prefix };
    children.push(await startProcess(process.execPath, ['--import', 'tsx', 'src/main.ts'], env, 'Broadsheet is serving'));
  } else {
    console.log(`\n*** (e2) skipped: no Redis answers at ${REDIS_URL} (WORKERS above 1 needs it) ***\n`);
  }

  console.log(`${LOADGEN === 'wrk' ? 'wrk, 1 thread,' : 'autocannon,'} ${CONNECTIONS} connections, ${DURATION_S} s per target and round, ${ROUNDS} rounds (medians), ${WARMUP_S} s warm-up before the first, loopback\n`);
  const targets: [string, string][] = [
    ['(a) raw node:http, same bytes', `http://127.0.0.1:${RAW_PORT}/`],
    ['(a2) raw node:http, same headers and bytes', `http://127.0.0.1:${RAW_HEADERS_PORT}/`],
    [`(b) article page ${articlePath}`, `${base}${articlePath}`],
    ['(c) home page /', `${base}/`],
    [`(d) section front ${sectionPath}`, `${base}${sectionPath}`],
    ['(e) article page, cache disabled', `http://127.0.0.1:${UNCACHED_PORT}${articlePath}`],
    ...(redisUp ? [[`(e2) article page, cache disabled, WORKERS=${WORKERS}`, `http://127.0.0.1:${WORKERS_PORT}${articlePath}`] as [string, string]] : []),
  ];
  // Rounds interleave the targets, so a slow spell of the machine hits all of them alike.
  const runs: Result[][] = targets.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [name, url]] of targets.entries()) runs[i]!.push(await load(name, url, round === 0));
    console.log(`round ${round + 1}: ${runs.map((r) => r[round]!.rps.toFixed(0)).join(' / ')} req/s`);
  }
  const results = runs.map((r) => medianOf(r));

  console.log('\n' + 'target'.padEnd(60), 'req/s'.padStart(9), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'bytes'.padStart(8), 'errors'.padStart(7));
  for (const r of results) console.log(r.name.padEnd(60), r.rps.toFixed(0).padStart(9), fmt(r.p50).padStart(8), fmt(r.p99).padStart(8), r.bytes.toFixed(0).padStart(8), String(r.errors).padStart(7));
  const [raw, rawWithHeaders, article, , , uncached, uncachedWorkers] = results;
  console.log(`\ncached article page / raw node:http with the same headers = ${(article!.rps / rawWithHeaders!.rps).toFixed(3)}`);
  console.log(`uncached article page / raw node:http = ${(uncached!.rps / raw!.rps).toFixed(4)} (1,000 req/s against the reference machine's 55,000 raw: 0.0182)`);
  if (uncachedWorkers) console.log(`uncached article page with WORKERS=${WORKERS}: ${uncachedWorkers.rps.toFixed(0)} req/s (target: at least 1,000), ${(uncachedWorkers.rps / uncached!.rps).toFixed(2)} x one process`);
  console.log(`p99: raw ${fmt(raw!.p99)} ms, cached article ${fmt(article!.p99)} ms (target: at most 2x)`);
  console.log(`cached article page / raw node:http = ${(article!.rps / raw!.rps).toFixed(3)} (target: at least 0.80)`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
  await removeRedisKeys(REDIS_URL, `bench-${process.pid}:`);
}

/** Whether Redis answers a PING at `url` within 2 s. */
async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Copies the last two days of page-view buckets from the SQLite database in `dataDir` to Redis. */
async function copyTrendingToRedis(dataDir: string, url: string, prefix: string): Promise<void> {
  const database = await createDatabase({ dataDir });
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const now = Date.now();
    const buckets = await createSqlTrendingStore(database.db).loadBuckets(now - 49 * HOUR_MS, now + HOUR_MS);
    await createRedisTrendingStore(client, prefix).addViews(buckets);
  } finally {
    client.disconnect();
    await database.close();
  }
}

/** Deletes what the WORKERS server left in Redis under `prefix` (nothing when Redis is not there). */
async function removeRedisKeys(url: string, prefix: string): Promise<void> {
  if (!(await redisAnswers(url))) return;
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
  } finally {
    client.disconnect();
  }
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(0);
}

/** Median of each measure over the rounds; errors are summed. */
function medianOf(runs: Result[]): Result {
  const median = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  return {
    name: runs[0]!.name,
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    bytes: median(runs.map((r) => r.bytes)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}
