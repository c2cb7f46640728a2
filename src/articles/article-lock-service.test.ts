import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeSections } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';
import { availableDialects } from '../../test/support/test-databases.js';

const dialects = await availableDialects();

type Caller = { headers: Record<string, string>; userId: number };
interface LockJson {
  user_id: number;
  user_name: string;
}

describe.each(dialects)('soft editing locks through the Admin API on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let ann: Caller;
  let ben: Caller;
  let abe: Caller;
  let articleId: number;
  let now = new Date('2026-06-01T12:00:00.000Z');

  beforeAll(async () => {
    built = await buildTestApp({ dialect, clock: { now: () => now } });
    ann = await signInAs(built, 'editor', { name: 'Ann Editor' });
    ben = await signInAs(built, 'editor', { name: 'Ben Editor' });
    const byline = await built.services.authors.createAuthor({ slug: 'abe-author', name: 'Abe Author' });
    abe = await signInAs(built, 'author', { name: 'Abe Author', authorId: byline.id });
    const sections = await makeSections(built.services, ['world']);
    const created = await api('POST', '/articles', abe, { headline: 'Locked story', primary_section_id: sections.world });
    articleId = (created.json() as { article: { id: number } }).article.id;
  });
  afterAll(async () => built?.close());

  function api(method: 'GET' | 'POST' | 'DELETE', url: string, who: Caller, payload?: object) {
    return built.app.inject({ method, url: `/api/admin/v1${url}`, headers: who.headers, ...(payload ? { payload } : {}) });
  }
  const lockShownTo = async (who: Caller) => ((await api('GET', `/articles/${articleId}`, who)).json() as { article: { lock: LockJson | null } }).article.lock;

  it('shows who has the article open, and refuses a second editor with 409 and the holder', async () => {
    const opened = await api('POST', `/articles/${articleId}/lock`, ann, {});
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ lock: { user_id: ann.userId, user_name: 'Ann Editor' }, previous_holder: null });
    expect(await lockShownTo(ben)).toMatchObject({ user_id: ann.userId, user_name: 'Ann Editor' });
    const refused = await api('POST', `/articles/${articleId}/lock`, ben, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'ARTICLE_LOCKED', lock: { user_id: ann.userId } });
  });

  it('lets an editor, but not an author, take the lock over explicitly', async () => {
    const byAuthor = await api('POST', `/articles/${articleId}/lock`, abe, { take_over: true });
    expect([byAuthor.statusCode, (byAuthor.json() as { code: string }).code]).toEqual([403, 'FORBIDDEN']);
    const takenOver = await api('POST', `/articles/${articleId}/lock`, ben, { take_over: true });
    expect(takenOver.json()).toMatchObject({ lock: { user_id: ben.userId }, previous_holder: { user_id: ann.userId } });
    const heartbeatOfLoser = await api('POST', `/articles/${articleId}/lock`, ann, {});
    expect((heartbeatOfLoser.json() as { code: string }).code).toBe('ARTICLE_LOCKED');
    const audit = await built.services.audit.list({ objectType: 'article', objectId: String(articleId), limit: 5 });
    expect(audit.map((e) => e.action)).toContain('article.lock_take_over');
  });

  it('keeps a lock alive with heartbeats, frees it on release, and lets an abandoned one go stale', async () => {
    now = new Date('2026-06-01T12:01:30.000Z');
    expect((await api('POST', `/articles/${articleId}/lock`, ben, {})).statusCode).toBe(200);
    now = new Date('2026-06-01T12:03:00.000Z');
    expect((await api('POST', `/articles/${articleId}/lock`, ann, {})).statusCode).toBe(409);
    expect((await api('DELETE', `/articles/${articleId}/lock`, ben)).statusCode).toBe(204);
    expect(await lockShownTo(ann)).toBeNull();
    expect((await api('POST', `/articles/${articleId}/lock`, abe, {})).statusCode).toBe(200);
    now = new Date('2026-06-01T12:10:00.000Z');
    expect(await lockShownTo(ann)).toBeNull();
    const afterAbandon = await api('POST', `/articles/${articleId}/lock`, ann, {});
    expect(afterAbandon.json()).toMatchObject({ lock: { user_id: ann.userId }, previous_holder: { user_id: abe.userId } });
  });
});
