import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { becomesTrue, freePort } from '../support/processes.js';
import { TEST_POSTGRES_URL, TEST_REDIS_URL, isPostgresAvailable, isRedisAvailable } from '../support/test-databases.js';

/**
 * Two real Broadsheet processes (`bin/broadsheet.js serve`) on one PostgreSQL schema and one
 * Redis: cache invalidation, sessions, sign-in limits and scheduled publication are shared.
 */
const servicesUp = (await isPostgresAvailable()) && (await isRedisAvailable());

interface Running { child: ChildProcess; base: string; output: () => string }

function startBroadsheet(env: Record<string, string>): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/broadsheet.js', 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const running: Running = { child, base: `http://127.0.0.1:${env.PORT}`, output: () => output };
    const timer = setTimeout(() => reject(new Error(`Broadsheet did not start:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // Ready once it serves and (on an empty database) has printed the owner setup command.
      if (/Broadsheet is serving/.test(output) && (/"token":"[^"]+"/.test(output) || !/No staff account/.test(output))) {
        setTimeout(() => {
          clearTimeout(timer);
          resolve(running);
        }, 100);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`Broadsheet exited with ${code}:\n${output}`)));
  });
}

async function stop(running: Running | undefined): Promise<void> {
  if (!running || running.child.exitCode !== null) return;
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (running.child.exitCode === null) running.child.kill('SIGKILL');
}

describe.skipIf(!servicesUp)('several processes on PostgreSQL and Redis', () => {
  const schema = `test_mp_${randomBytes(5).toString('hex')}`;
  const prefix = `bs-test-${randomBytes(4).toString('hex')}:`;
  const dataDirs: string[] = [];
  let a: Running | undefined;
  let b: Running | undefined;
  let headers: Record<string, string> = {};
  let sectionId = 0;

  const admin = async (running: Running, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${running.base}/api/admin/v1${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, json: (await response.json().catch(() => null)) as Record<string, unknown> | null };
  };

  beforeAll(async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    await client.query(`create schema "${schema}"`);
    await client.end();
    const databaseUrl = `${TEST_POSTGRES_URL}${TEST_POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const envOf = async (): Promise<Record<string, string>> => {
      const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-mp-'));
      dataDirs.push(dataDir);
      return { DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, HOST: '127.0.0.1', PORT: String(await freePort()), DATA_DIR: dataDir, DEMO_CONTENT: 'false', LOG_LEVEL: 'warn', SCHEDULER_INTERVAL_MS: '200', CONFIG_FILE: '' };
    };
    // A first: it migrates the empty schema; B then finds it up to date.
    a = await startBroadsheet(await envOf());
    b = await startBroadsheet(await envOf());
    // Each process prints a fresh owner setup link on an empty database; the latest (B's) is valid.
    const token = /"token":"([^"]+)"/.exec(b.output())?.[1];
    expect(token).toBeDefined();
    const setup = await fetch(`${a.base}/api/admin/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, email: 'owner@paper.test', name: 'Owner', password: 'a long enough password' }) });
    expect(setup.status, await setup.clone().text()).toBe(201);
    const cookie = /bs_session=[^;]+/.exec(setup.headers.get('set-cookie') ?? '')?.[0] ?? '';
    headers = { cookie, 'x-csrf-token': ((await setup.json()) as { csrf_token: string }).csrf_token };
    const section = await admin(a, 'POST', '/sections', { slug: 'world', name: 'World' });
    expect(section.status).toBe(201);
    sectionId = (section.json!.section as { id: number }).id;
  }, 420_000);

  afterAll(async () => {
    await Promise.all([stop(a), stop(b)]);
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('shares the staff session: a cookie from A works on B', async () => {
    expect((await admin(b!, 'GET', '/session')).status).toBe(200);
  });

  it('a story published and edited on A shows on B within a second, though B had the page cached', async () => {
    const home = async () => fetch(`${b!.base}/`).then(async (r) => ({ cache: r.headers.get('x-cache'), text: await r.text() }));
    await home();
    const warm = await home();
    expect(warm.cache).toBe('HIT');
    expect(warm.text).not.toContain('Harbour reopens');

    const created = await admin(a!, 'POST', '/articles', { headline: 'Harbour reopens after storm', primary_section_id: sectionId, body_markdown: 'Boats are back.' });
    expect(created.status).toBe(201);
    const article = created.json!.article as { id: number; version: number; slug: string };
    const published = await admin(a!, 'POST', `/articles/${article.id}/publish`, { version: article.version });
    expect(published.status).toBe(200);
    expect(await becomesTrue(async () => (await home()).text.includes('Harbour reopens after storm'), 1000)).toBe(true);

    // Warm the story's page on B, then edit on A.
    const page = async () => fetch(`${b!.base}/articles/${article.slug}`).then(async (r) => ({ cache: r.headers.get('x-cache'), text: await r.text() }));
    await page();
    expect((await page()).cache).toBe('HIT');
    const version = (published.json!.article as { version: number }).version;
    const edited = await admin(a!, 'PATCH', `/articles/${article.id}`, { version, headline: 'Harbour reopens to ferries' });
    expect(edited.status).toBe(200);
    expect(await becomesTrue(async () => (await page()).text.includes('Harbour reopens to ferries'), 1000)).toBe(true);
  });

  it('publishes a scheduled story exactly once with both schedulers running', async () => {
    const created = await admin(a!, 'POST', '/articles', { headline: 'Scheduled council vote', primary_section_id: sectionId, body_markdown: 'The vote is tonight.' });
    const article = created.json!.article as { id: number; version: number; slug: string };
    const scheduled = await admin(a!, 'POST', `/articles/${article.id}/schedule`, { version: article.version, scheduled_at: new Date(Date.now() + 1500).toISOString() });
    expect(scheduled.status).toBe(200);
    // Both processes look every 200 ms; the page appears on both once it went live.
    expect(await becomesTrue(async () => (await fetch(`${b!.base}/articles/${article.slug}`)).status === 200, 30_000)).toBe(true);
    expect((await fetch(`${a!.base}/articles/${article.slug}`)).status).toBe(200);
    // Give the other scheduler several more passes, then count the publications.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      const audit = await client.query(`select count(*)::int as n from "${schema}".audit_log where action = 'article.publish' and object_id = $1`, [String(article.id)]);
      expect(audit.rows[0].n).toBe(1);
      const row = await client.query(`select status, version from "${schema}".articles where id = $1`, [article.id]);
      expect(row.rows[0].status).toBe('published');
      // Scheduling made version+1; the one publication made version+2.
      expect(row.rows[0].version).toBe(article.version + 2);
    } finally {
      await client.end();
    }
  }, 60_000);

  it('a sign-in lockout earned on A applies on B', async () => {
    const signIn = (running: Running, password: string) =>
      fetch(`${running.base}/api/admin/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@paper.test', password }) });
    for (let i = 0; i < 5; i += 1) expect((await signIn(a!, 'wrong password')).status).toBe(401);
    const onB = await signIn(b!, 'a long enough password');
    expect(onB.status).toBe(429);
  });

  it('reader-side limits are shared too: sign-in links asked for on A count on B', async () => {
    const askForLink = (running: Running) =>
      fetch(`${running.base}/reader/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ email: 'reader@paper.test' }) });
    // Three links per email address per 15 minutes (readers service): all three asked of A …
    for (let i = 0; i < 3; i += 1) expect((await askForLink(a!)).status).toBe(202);
    // … so B, which never saw this reader, refuses the fourth.
    const onB = await askForLink(b!);
    expect(onB.status).toBe(429);
    expect(Number(onB.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
