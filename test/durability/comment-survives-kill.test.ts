import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../../src/app-services.js';
import { openDatabase } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { systemClock } from '../../src/platform/clock.js';
import { markdownToDocument } from '../../src/rich-text/index.js';
import { latestSignInToken } from '../support/readers.js';

const BIN = join(import.meta.dirname, '../../bin/broadsheet.js');

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--empty'], { env: { PATH: process.env.PATH ?? '', CONFIG_FILE: '', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', COMMENT_MIN_SECONDS: '0' } });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving .* at (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

describe('a comment acknowledged to the reader', { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-comment-durability-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is still there after SIGKILL and a restart', async () => {
    const config = loadConfig({ env: { DATA_DIR: dataDir, CONFIG_FILE: '', LOG_LEVEL: 'silent' } });
    const setup = await openDatabase(config);
    const services = createAppServices({ db: setup.db, clock: systemClock, dataDir });
    const section = await services.sections.createSection({ slug: 'news', name: 'News' });
    const story = await services.articles.createArticle({ headline: 'Durable story', body: markdownToDocument('Text.'), primarySectionId: section.id, status: 'published', publishedAt: new Date(Date.now() - 60_000).toISOString() });
    await services.topics.stop();
    await setup.close();

    const { child, url } = await startServer(dataDir);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    await fetch(`${url}/reader/sign-in`, { method: 'POST', headers: form, body: new URLSearchParams({ email: 'kill@readers.test' }) });
    const token = await latestSignInToken(dataDir, 'kill@readers.test');
    const verified = await fetch(`${url}/reader/verify`, { method: 'POST', headers: form, body: new URLSearchParams({ token }), redirect: 'manual' });
    const cookie = (verified.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const account = await (await fetch(`${url}/reader/account`, { headers: { cookie } })).text();
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(account)?.[1] ?? '';
    await fetch(`${url}/reader/account`, { method: 'POST', headers: { ...form, cookie }, body: new URLSearchParams({ csrf_token: csrf, display_name: 'Kim' }), redirect: 'manual' });
    const page = await (await fetch(`${url}/articles/${story.slug}`, { headers: { cookie } })).text();
    const formToken = /name="token" value="([^"]+)"/.exec(page.slice(page.indexOf('data-comment-form')))?.[1] ?? '';
    const posted = await fetch(`${url}/articles/${story.slug}/comments`, { method: 'POST', headers: { ...form, cookie, accept: 'application/json' }, body: new URLSearchParams({ token: formToken, body: 'This must survive.', website: '' }) });
    expect(posted.status).toBe(201);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const { child: again, url: url2 } = await startServer(dataDir);
    try {
      expect(await (await fetch(`${url2}/articles/${story.slug}`)).text()).toContain('This must survive.');
    } finally {
      again.kill('SIGTERM');
    }
  });
});
