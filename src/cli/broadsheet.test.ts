import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/broadsheet.js');
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-cli-'));
  dirs.push(dir);
  return dir;
}

/** Runs the real `broadsheet` bin in a child process. */
function broadsheet(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', CONFIG_FILE: '', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// Each call starts a real process (about 1–3 s with TypeScript loading), hence the long timeout.
describe('broadsheet CLI', { timeout: 180_000 }, () => {
  it('prints help for itself and every command', () => {
    const main = broadsheet(['--help']);
    expect(main.code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed-demo', 'content-key', 'user', 'reindex']) {
      expect(main.stdout).toContain(command);
      const help = broadsheet([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout).toContain(`Usage: broadsheet ${command}`);
    }
  });

  it('refuses an unknown command or option with exit code 2', () => {
    expect(broadsheet(['publish-everything']).code).toBe(2);
    expect(broadsheet(['serve', '--colour']).code).toBe(2);
  });

  it('reports every configuration mistake by name and exits 2', () => {
    const result = broadsheet(['migrate'], { PORT: 'eighty', DATABASE_URL: 'mysql://db', LOG_LEVEL: 'chatty' });
    expect(result.code).toBe(2);
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL']) expect(result.stderr).toContain(`${name}:`);
  });

  it('refuses WORKERS above 1 without REDIS_URL, and a WORKERS that is not a count', () => {
    const withoutRedis = broadsheet(['serve'], { DATA_DIR: tempDir(), WORKERS: '2', PORT: '0' });
    expect(withoutRedis.code).toBe(2);
    expect(withoutRedis.stderr).toContain('WORKERS=2 needs REDIS_URL');
    const notACount = broadsheet(['serve'], { DATA_DIR: tempDir(), WORKERS: 'many', PORT: '0' });
    expect(notACount.code).toBe(2);
    expect(notACount.stderr).toContain('WORKERS:');
  });

  it('stops with a message naming DATA_DIR when the SQLite database cannot be opened', () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const result = broadsheet(['migrate'], { DATA_DIR: join(blocker, 'data') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATA_DIR');
  });

  it('stops with a message naming DATABASE_URL when PostgreSQL cannot be reached', () => {
    const result = broadsheet(['migrate'], { DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/nothing' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).not.toContain('secret');
  });

  it('migrates once, then reports the schema up to date', () => {
    const env = { DATA_DIR: tempDir() };
    expect(broadsheet(['migrate'], env).stdout).toMatch(/Applied \d+ migration\(s\):\n {2}2026-11-28-0000-create-content-tables/);
    expect(broadsheet(['migrate'], env).stdout).toContain('up to date');
  });

  it('adds, lists and revokes content keys', () => {
    const env = { DATA_DIR: tempDir() };
    const added = broadsheet(['content-key', 'add', 'Mobile app'], env);
    expect(added.code).toBe(0);
    const key = /bsk_[A-Za-z0-9_-]+/.exec(added.stdout)?.[0];
    expect(key).toBeDefined();
    const listed = broadsheet(['content-key', 'list'], env);
    expect(listed.stdout).toMatch(/#1\tMobile app\tbsk_/);
    expect(listed.stdout).not.toContain(key);
    expect(broadsheet(['content-key', 'revoke', '1'], env).code).toBe(0);
    expect(broadsheet(['content-key', 'list'], env).stdout).toContain('REVOKED');
    expect(broadsheet(['content-key', 'revoke', '1'], env).code).toBe(1);
    expect(broadsheet(['content-key', 'revoke', 'one'], env).code).toBe(2);
    expect(broadsheet(['content-key', 'add'], env).code).toBe(2);
  });

  it('adds staff accounts and resets passwords, refusing bad input', () => {
    const env = { DATA_DIR: tempDir() };
    const owner = broadsheet(['user', 'add', '--email', 'owner@paper.test', '--role', 'editor', '--name', 'Olive Owner'], env);
    expect(owner.code).toBe(0);
    expect(owner.stdout).toContain('Created the owner, admin Olive Owner <owner@paper.test>');
    expect(owner.stdout).toMatch(/Password \(shown once\): \S{12,}/);
    expect(broadsheet(['user', 'add', '--email', 'owner@paper.test', '--role', 'author'], env).code).toBe(1);
    expect(broadsheet(['user', 'add', '--email', 'x@paper.test', '--role', 'emperor'], env).code).toBe(2);
    expect(broadsheet(['user', 'add', '--email', 'x@paper.test', '--role', 'author', '--password', 'short'], env).code).toBe(1);
    const reset = broadsheet(['user', 'reset-password', '--email', 'owner@paper.test'], { ...env, BROADSHEET_PASSWORD: 'a long new password' });
    expect(reset.code).toBe(0);
    expect(reset.stdout).not.toContain('shown once');
    expect(broadsheet(['user', 'reset-password', '--email', 'ghost@paper.test'], env).code).toBe(1);
  });

  it('prints a one-time owner-setup link on a start without staff accounts', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, [BIN, 'serve', '--empty'], { env: { PATH: process.env.PATH ?? '', CONFIG_FILE: '', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' } });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('broadsheet user add')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
    });
    expect(output).toMatch(/\/admin\/setup\?token=[A-Za-z0-9_-]{20,}/);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });

  it('seeds the demo on a first start in a process of its own, then serves it; a second start does not seed again', async () => {
    const dataDir = tempDir();
    const env = { PATH: process.env.PATH ?? '', CONFIG_FILE: '', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
    const start = async () => {
      const child = spawn(process.execPath, [BIN, 'serve'], { env });
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /serving .* at (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
          if (match?.[1]) resolve(match[1]);
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
      });
      return { child, url, output: () => output };
    };
    const stop = async (child: ReturnType<typeof spawn>) => {
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    };

    const first = await start();
    expect(first.output()).toMatch(/Seeded 44 articles/);
    const home = await (await fetch(`${first.url}/`)).text();
    expect(home).toMatch(/href="\/articles\/[a-z0-9-]+"/);
    // The images were drawn by the seeding process: the server never held the image library's
    // memory (a server that drew them itself had ~410 MB resident, one that did not ~200 MB).
    const status = `/proc/${first.child.pid}/status`;
    if (existsSync(status)) {
      const residentKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(status, 'utf8'))?.[1]);
      expect(residentKb / 1024).toBeLessThan(330);
    }
    await stop(first.child);

    const second = await start();
    expect(second.output()).not.toContain('Seeded');
    expect(await (await fetch(`${second.url}/`)).text()).toMatch(/href="\/articles\/[a-z0-9-]+"/);
    await stop(second.child);
  });

  it('serves an empty publication with --empty and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, [BIN, 'serve', '--empty'], { env: { PATH: process.env.PATH ?? '', CONFIG_FILE: '', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' } });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /serving .* at (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
    });
    expect(output).not.toContain('Seeded');
    const home = await fetch(`${url}/`);
    expect(home.status).toBe(200);
    expect(await fetch(`${url}/readyz`).then((r) => r.json())).toEqual({ status: 'ready', database: 'sqlite' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
