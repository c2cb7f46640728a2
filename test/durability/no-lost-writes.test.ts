import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createAppServices } from '../../src/app-services.js';
import { openDatabase } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { systemClock } from '../../src/platform/clock.js';
import { markdownToDocument } from '../../src/rich-text/index.js';

const BIN = join(import.meta.dirname, '../../bin/broadsheet.js');
const PASSWORD = 'durability test password';

/** Starts `broadsheet serve` on a free port and resolves with its URL once it answers. */
function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--empty'], { env: { PATH: process.env.PATH ?? '', CONFIG_FILE: '', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' } });
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

describe('no lost writes', { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-durability-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every save acknowledged with a 2xx after SIGKILL, and nothing half-written', async () => {
    // Prepare an editor and three drafts directly in the database.
    const config = loadConfig({ env: { DATA_DIR: dataDir, CONFIG_FILE: '', LOG_LEVEL: 'silent' } });
    const setup = await openDatabase(config);
    const services = createAppServices({ db: setup.db, clock: systemClock, dataDir });
    await services.users.addUser({ email: 'editor@paper.test', name: 'Editor', role: 'editor', password: PASSWORD }, { system: 'cli' });
    const section = await services.sections.createSection({ slug: 'news', name: 'News' });
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await services.articles.createArticle({ headline: `Draft ${i}`, body: markdownToDocument('Start.'), primarySectionId: section.id })).id);
    await services.topics.stop();
    await setup.close();

    const { child, url } = await startServer(dataDir);
    const signIn = await fetch(`${url}/api/admin/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'editor@paper.test', password: PASSWORD }) });
    expect(signIn.status).toBe(201);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrf_token: csrf } = (await signIn.json()) as { csrf_token: string };

    // Three writers save as fast as they can; each remembers the last save the server acknowledged.
    const acknowledged = new Map<number, { version: number; headline: string }>();
    let isKilled = false;
    const writer = async (id: number) => {
      const current = await fetch(`${url}/api/admin/v1/articles/${id}`, { headers: { cookie } });
      let version = ((await current.json()) as { article: { version: number } }).article.version;
      for (let n = 1; !isKilled; n++) {
        const headline = `Article ${id}, save ${n}`;
        try {
          const response = await fetch(`${url}/api/admin/v1/articles/${id}`, {
            method: 'PATCH',
            headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
            body: JSON.stringify({ version, headline, body_markdown: `Body of save ${n}.\n\n${'Words. '.repeat(200)}` }),
          });
          if (!response.ok) throw new Error(`save failed: ${response.status} ${await response.text()}`);
          version = ((await response.json()) as { article: { version: number } }).article.version;
          acknowledged.set(id, { version, headline });
        } catch (error) {
          if (isKilled) return;
          throw error;
        }
      }
    };
    const writers = ids.map(writer);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    isKilled = true;
    child.kill('SIGKILL');
    await Promise.allSettled(writers);
    expect([...acknowledged.values()].every((a) => a.version > 1)).toBe(true);

    // After a restart every acknowledged save is there; any later state is a whole, later save.
    const { child: again, url: url2 } = await startServer(dataDir);
    try {
      expect((await fetch(`${url2}/readyz`)).status).toBe(200);
    } finally {
      again.kill('SIGTERM');
    }
    const check = await openDatabase(config);
    try {
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(check.db);
      expect(integrity.rows[0]?.integrity_check).toBe('ok');
      for (const id of ids) {
        const ack = acknowledged.get(id)!;
        const row = await check.db.selectFrom('articles').select(['version', 'headline', 'body_text']).where('id', '=', id).executeTakeFirstOrThrow();
        expect(row.version).toBeGreaterThanOrEqual(ack.version);
        if (row.version === ack.version) expect(row.headline).toBe(ack.headline);
        const save = Number(/save (\d+)$/.exec(row.headline)?.[1]);
        expect(row.body_text.startsWith(`Body of save ${save}.`)).toBe(true);
        const revisions = await check.db.selectFrom('article_revisions').select('version').where('article_id', '=', id).orderBy('version').execute();
        expect(revisions.map((r) => r.version)).toContain(ack.version);
        expect(revisions[revisions.length - 1]?.version).toBe(row.version);
      }
    } finally {
      await check.close();
    }
  });
});
