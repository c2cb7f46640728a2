import { spawn, execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { becomesTrue, freePort } from '../support/processes.js';
import { TEST_REDIS_URL, isRedisAvailable } from '../support/test-databases.js';

/**
 * `WORKERS=2 broadsheet serve`: one primary forking two server processes that share one port
 * (node:cluster), on SQLite and Redis. Each worker keeps its own page cache; Redis carries the
 * invalidations between them.
 */
const redisUp = await isRedisAvailable();

/** GET on a connection of its own (node:cluster hands each new connection to the next worker). */
function getFresh(url: string): Promise<{ status: number; cache: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { connection: 'close' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, cache: response.headers['x-cache'] as string | undefined, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Pids of the primary's child processes (its workers). */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe.skipIf(!redisUp)('WORKERS=2: two server processes on one port', { timeout: 120_000 }, () => {
  const prefix = `bs-test-${randomBytes(4).toString('hex')}:`;
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-workers-'));
  let primary: ChildProcess;
  let output = '';
  let base = '';
  let headers: Record<string, string> = {};

  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}/api/admin/v1${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, json: (await response.json().catch(() => null)) as Record<string, unknown> | null };
  };

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    primary = spawn(process.execPath, ['bin/broadsheet.js', 'serve'], {
      env: { ...process.env, WORKERS: '2', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, DEMO_CONTENT: 'false', LOG_LEVEL: 'warn', CONFIG_FILE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    primary.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    primary.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const ready = await becomesTrue(() => /with 2 worker processes/.test(output) && /"token":"[^"]+"/.test(output), 90_000);
    expect(ready, output).toBe(true);
    const token = /"token":"([^"]+)"/.exec(output)?.[1];
    const setup = await fetch(`${base}/api/admin/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, email: 'owner@paper.test', name: 'Owner', password: 'a long enough password' }) });
    expect(setup.status, await setup.clone().text()).toBe(201);
    const cookie = /bs_session=[^;]+/.exec(setup.headers.get('set-cookie') ?? '')?.[0] ?? '';
    headers = { cookie, 'x-csrf-token': ((await setup.json()) as { csrf_token: string }).csrf_token };
  }, 120_000);

  afterAll(async () => {
    if (primary.exitCode === null) {
      primary.kill('SIGKILL');
      for (const pid of childrenOf(primary.pid!)) process.kill(pid, 'SIGKILL');
    }
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs two workers that answer on the one port, each with its own page cache', async () => {
    expect(childrenOf(primary.pid!)).toHaveLength(2);
    // The owner setup link is printed once (by the first worker), not once per worker.
    expect(output.match(/No staff account exists yet/g)).toHaveLength(1);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await getFresh(`${base}/`));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // Connections alternate between the workers: each renders the page once, then hits.
    expect(answers.filter((a) => a.cache === 'MISS')).toHaveLength(2);
  });

  it('a story published and edited through one worker shows on both at once', async () => {
    const section = await admin('POST', '/sections', { slug: 'world', name: 'World' });
    expect(section.status).toBe(201);
    const created = await admin('POST', '/articles', { headline: 'Ferry timetable returns', primary_section_id: (section.json!.section as { id: number }).id, body_markdown: 'Sailings resume.' });
    const article = created.json!.article as { id: number; version: number; slug: string };
    const published = await admin('POST', `/articles/${article.id}/publish`, { version: article.version });
    expect(published.status).toBe(200);
    const url = `${base}/articles/${article.slug}`;
    // Both workers render and cache the page.
    const warm = [];
    for (let i = 0; i < 4; i++) warm.push(await getFresh(url));
    expect(warm.map((a) => a.cache).sort()).toEqual(['HIT', 'HIT', 'MISS', 'MISS']);
    const edited = await admin('PATCH', `/articles/${article.id}`, { version: (published.json!.article as { version: number }).version, headline: 'Ferry timetable returns in full' });
    expect(edited.status).toBe(200);
    // Within a second, connections to either worker show the new headline.
    const seenByBoth = await becomesTrue(async () => {
      const pair = [await getFresh(url), await getFresh(url)];
      return pair.every((a) => a.text.includes('Ferry timetable returns in full'));
    }, 1000);
    expect(seenByBoth).toBe(true);
  });

  it('starts a new worker when one dies, and keeps answering', async () => {
    const [victim] = childrenOf(primary.pid!);
    process.kill(victim!, 'SIGKILL');
    const replaced = () => childrenOf(primary.pid!).length === 2 && !childrenOf(primary.pid!).includes(victim!) && output.includes(`Broadsheet worker ${victim} exited (SIGKILL); starting another`);
    expect(await becomesTrue(replaced, 30_000), output).toBe(true);
    expect(await becomesTrue(async () => {
      const pair = [await getFresh(`${base}/`), await getFresh(`${base}/`)];
      return pair.every((a) => a.status === 200);
    }, 30_000)).toBe(true);
  });

  it('stops every worker and exits 0 on SIGTERM', async () => {
    const workers = childrenOf(primary.pid!);
    const exited = new Promise<number | null>((resolve) => primary.once('exit', (code) => resolve(code)));
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    const alive = workers.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  });
});
