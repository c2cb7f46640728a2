// npm run bench:http — loopback load test of Broadsheet's reader pages against a raw node:http
// server sending exactly the bytes of the article page, measured in the same run.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const BROADSHEET_PORT = 3901;
const RAW_PORT = 3902;
const UNCACHED_PORT = 3903;

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

const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);

async function load(name: string, url: string): Promise<Result> {
  // Steady state only: a fresh process compiles its code paths and fills SQLite's page cache on
  // its first requests (seconds of stall that would otherwise land in p99), so every target,
  // the raw baseline included, gets the same unrecorded warm-up run first.
  if (WARMUP_S > 0) await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S, pipelining: 1 });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, pipelining: 1 });
  if (result.non2xx > 0) throw new Error(`${name}: ${result.non2xx} non-2xx responses`);
  return { errors: result.errors + result.timeouts, name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, bytes: result.throughput.average / Math.max(1, result.requests.average) };
}

const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-'));
const children: ChildProcess[] = [];
try {
  console.log(`Seeding the demo into ${dataDir} and starting Broadsheet on :${BROADSHEET_PORT}…`);
  children.push(await startProcess(process.execPath, ['--import', 'tsx', 'src/main.ts'], { DATA_DIR: dataDir, PORT: String(BROADSHEET_PORT), LOG_LEVEL: 'warn' }, 'Broadsheet is serving'));
  const base = `http://127.0.0.1:${BROADSHEET_PORT}`;
  const home = await (await fetch(`${base}/`)).text();
  const articlePath = /href="(\/articles\/[a-z0-9-]+)"/.exec(home)?.[1];
  const sectionPath = /href="(\/[a-z0-9-]+\/)"/.exec(home)?.[1];
  if (!articlePath || !sectionPath) throw new Error('could not find an article and a section link on the home page');
  const articleBytes = Buffer.from(await (await fetch(`${base}${articlePath}`)).arrayBuffer());
  const bytesFile = join(dataDir, 'article.html');
  writeFileSync(bytesFile, articleBytes);
  children.push(await startProcess(process.execPath, ['--import', 'tsx', 'bench/raw-server.ts', bytesFile, String(RAW_PORT)], {}, 'raw server ready'));
  children.push(await startProcess(process.execPath, ['--import', 'tsx', 'src/main.ts'], { DATA_DIR: dataDir, PORT: String(UNCACHED_PORT), LOG_LEVEL: 'warn', PAGE_CACHE_BYTES: '0' }, 'Broadsheet is serving'));

  console.log(`autocannon: ${CONNECTIONS} connections, ${DURATION_S} s per target after a ${WARMUP_S} s warm-up, loopback\n`);
  const results: Result[] = [];
  results.push(await load('(a) raw node:http, same bytes', `http://127.0.0.1:${RAW_PORT}/`));
  results.push(await load(`(b) article page ${articlePath}`, `${base}${articlePath}`));
  results.push(await load('(c) home page /', `${base}/`));
  results.push(await load(`(d) section front ${sectionPath}`, `${base}${sectionPath}`));
  results.push(await load('(e) article page, cache disabled', `http://127.0.0.1:${UNCACHED_PORT}${articlePath}`));

  console.log('target'.padEnd(60), 'req/s'.padStart(9), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'bytes'.padStart(8), 'errors'.padStart(7));
  for (const r of results) console.log(r.name.padEnd(60), r.rps.toFixed(0).padStart(9), String(r.p50).padStart(8), String(r.p99).padStart(8), r.bytes.toFixed(0).padStart(8), String(r.errors).padStart(7));
  const [raw, article] = results;
  console.log(`\np99: raw ${raw!.p99} ms, cached article ${article!.p99} ms (target: at most 2x)`);
  console.log(`cached article page / raw node:http = ${(article!.rps / raw!.rps).toFixed(3)} (target: at least 0.80)`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
