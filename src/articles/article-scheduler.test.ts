import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { createAppServices } from '../app-services.js';
import type { AppServices } from '../app-services.js';
import { loadConfig } from '../config/load-config.js';
import { createDatabase } from '../platform/db/create-db.js';
import type { DatabaseHandle } from '../platform/db/create-db.js';
import type { Clock } from '../platform/clock.js';
import type { StaffPrincipal } from '../platform/http/staff-principal.js';
import { makeSections } from '../../test/support/factories.js';
import { availableDialects, createTestDatabase, TEST_POSTGRES_URL } from '../../test/support/test-databases.js';

const dialects = await availableDialects();
const editor: StaffPrincipal = { userId: 1, email: 'ed@paper.test', name: 'Ed Itor', role: 'editor', authorId: null, isOwner: false, via: 'session' };

/** A clock the test moves by hand. */
function manualClock(start: string): Clock & { set(iso: string): void } {
  let now = new Date(start);
  return { now: () => now, set: (iso) => void (now = new Date(iso)) };
}

/** A second connection to the same database, as another server process would have. */
async function openSecondHandle(first: DatabaseHandle & { dataDir: string }): Promise<DatabaseHandle> {
  if (first.dialect === 'sqlite') return createDatabase({ dataDir: first.dataDir });
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(first.db);
  return createDatabase({ databaseUrl: TEST_POSTGRES_URL, dataDir: first.dataDir, postgresSchema: rows[0]!.schema });
}

describe.each(dialects)('article scheduler on %s', (dialect) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let second: DatabaseHandle;
  let first: AppServices;
  let other: AppServices;
  let sectionId: number;
  const clock = manualClock('2026-06-01T08:00:00.000Z');

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    second = await openSecondHandle(database);
    if (dialect === 'sqlite') {
      // Both "processes" share one thread here, so a writer waiting on the other's lock would
      // stall both; a short busy timeout makes the loser give up quickly (it retries next pass).
      for (const handle of [database, second]) await sql`pragma busy_timeout = 50`.execute(handle.db);
    }
    first = createAppServices({ db: database.db, clock });
    other = createAppServices({ db: second.db, clock });
    sectionId = (await makeSections(first, ['world'])).world!;
  });
  afterAll(async () => {
    await second?.close();
    await database?.close();
  });

  async function scheduledDraft(headline: string, at: string): Promise<number> {
    const draft = await first.articleWorkflow.createDraft({ headline, primary_section_id: sectionId, body_markdown: 'Words.' }, editor);
    await first.articleWorkflow.schedule({ id: draft.id, actor: editor, body: { scheduled_at: at } });
    return draft.id;
  }

  async function publishRevisions(id: number): Promise<number> {
    const revisions = await first.articleWorkflow.listRevisions(id, editor);
    return revisions.filter((r) => r.actor === 'scheduler').length;
  }

  it('publishes a due article once, with one revision by the scheduler, and leaves early ones alone', async () => {
    clock.set('2026-06-01T08:00:00.000Z');
    const due = await scheduledDraft('Due story', '2026-06-01T09:00:00Z');
    const later = await scheduledDraft('Later story', '2026-06-01T11:00:00Z');
    clock.set('2026-06-01T09:00:10.000Z');
    const result = await first.articleWorkflow.publishDue();
    expect(result.published).toEqual([due]);
    const article = await first.articles.getArticle(due);
    expect(article).toMatchObject({ status: 'published', publishedAt: '2026-06-01T09:00:10.000Z', version: 3 });
    expect(await publishRevisions(due)).toBe(1);
    expect((await first.articles.getArticle(later))?.status).toBe('scheduled');
    expect((await first.articleWorkflow.publishDue()).published).toEqual([]);
    const audit = await first.audit.list({ objectType: 'article', objectId: String(due), limit: 10 });
    expect(audit[0]).toMatchObject({ action: 'article.publish', actor: 'scheduler' });
  });

  it('publishes each due article exactly once when two processes race on one database', async () => {
    clock.set('2026-06-01T12:00:00.000Z');
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await scheduledDraft(`Race story ${i}`, '2026-06-01T12:30:00Z'));
    clock.set('2026-06-01T12:30:01.000Z');
    const [a, b] = await Promise.all([first.articleWorkflow.publishDue(), other.articleWorkflow.publishDue()]);
    const publishedByBoth = [...a.published, ...b.published].filter((id) => ids.includes(id));
    expect(publishedByBoth.sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect(await publishRevisions(id)).toBe(1);
      expect((await first.articles.getArticle(id))?.version).toBe(3);
    }
    // Whatever a loser could not do is already done: the next passes find nothing.
    const [again, againOther] = await Promise.all([first.articleWorkflow.publishDue(), other.articleWorkflow.publishDue()]);
    expect([...again.published, ...againOther.published]).toEqual([]);
  });

  it('waits for an embargo set after scheduling, then publishes', async () => {
    clock.set('2026-06-02T08:00:00.000Z');
    const id = await scheduledDraft('Embargoed story', '2026-06-02T09:00:00Z');
    const current = await first.articleWorkflow.openArticle(id, editor);
    await first.articleWorkflow.save({ id, expectedVersion: current.version, changes: { embargo_until: '2026-06-02T10:00:00Z' }, actor: editor });
    clock.set('2026-06-02T09:30:00.000Z');
    expect((await first.articleWorkflow.publishDue()).published).toEqual([]);
    clock.set('2026-06-02T10:00:00.000Z');
    expect((await first.articleWorkflow.publishDue()).published).toEqual([id]);
  });

  it('catches up at start on what fell due while the server was down', async () => {
    clock.set('2026-06-03T08:00:00.000Z');
    const id = await scheduledDraft('Published while down', '2026-06-03T09:00:00Z');
    // The server comes back an hour after the article fell due.
    const config = loadConfig({ env: { DATA_DIR: database.dataDir, PUBLIC_URL: 'http://news.test', LOG_LEVEL: 'silent', CONFIG_FILE: '' } });
    const restarted = await buildApp({ config, database, logger: false, clock: { now: () => new Date('2026-06-03T10:00:00.000Z') } });
    try {
      const article = await restarted.services.articles.getArticle(id);
      expect(article).toMatchObject({ status: 'published', publishedAt: '2026-06-03T10:00:00.000Z' });
      expect(await publishRevisions(id)).toBe(1);
    } finally {
      await restarted.app.close();
    }
  });
});
