import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeSections } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';
import { availableDialects } from '../../test/support/test-databases.js';

const dialects = await availableDialects();

interface RevisionJson {
  version: number;
  user_id: number | null;
  actor: string;
  changed_fields: string[];
}

describe.each(dialects)('article revisions through the Admin API on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let editor: { headers: Record<string, string>; userId: number };
  let articleId: number;

  beforeAll(async () => {
    built = await buildTestApp({ dialect });
    editor = await signInAs(built, 'editor', { name: 'Rita Reviser' });
    const sections = await makeSections(built.services, ['world']);
    const created = await api('POST', '/articles', { headline: 'First headline', primary_section_id: sections.world, body_markdown: 'One.\n\nTwo.' });
    articleId = (created.json() as { article: { id: number } }).article.id;
    await api('PATCH', `/articles/${articleId}`, { version: 1, headline: 'Second headline' });
    await api('PATCH', `/articles/${articleId}`, { version: 2, body_markdown: 'One.\n\nTwo and more.\n\nThree.', dek: 'Now with a dek.' });
  });
  afterAll(async () => built?.close());

  function api(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
    return built.app.inject({ method, url: `/api/admin/v1${url}`, headers: editor.headers, ...(payload ? { payload } : {}) });
  }

  it('lists every save as a revision: who, when and which fields changed, newest first', async () => {
    const response = await api('GET', `/articles/${articleId}/revisions`);
    const { revisions } = response.json() as { revisions: RevisionJson[] };
    expect(revisions.map((r) => r.version)).toEqual([3, 2, 1]);
    expect(revisions[0]).toMatchObject({ user_id: editor.userId, changed_fields: ['dek', 'body'] });
    expect(revisions[0]?.actor).toContain('Rita Reviser');
    expect(revisions[1]?.changed_fields).toEqual(['headline']);
    expect(revisions[2]?.changed_fields).toEqual(expect.arrayContaining(['slug', 'headline', 'body', 'primary_section_id']));
  });

  it('diffs two revisions field by field, with a line diff of the body', async () => {
    const response = await api('GET', `/articles/${articleId}/revisions/1/diff/3`);
    expect(response.statusCode).toBe(200);
    const diff = response.json() as { from: number; to: number; changes: { field: string; before: unknown; after: unknown; lines?: { op: string; text: string }[] }[] };
    expect(diff.changes.map((c) => c.field)).toEqual(['headline', 'dek', 'body']);
    expect(diff.changes[0]).toMatchObject({ before: 'First headline', after: 'Second headline' });
    expect(diff.changes[2]?.lines).toEqual([
      { op: 'same', text: 'One.' },
      { op: 'removed', text: 'Two.' },
      { op: 'added', text: 'Two and more.' },
      { op: 'added', text: 'Three.' },
    ]);
    expect((await api('GET', `/articles/${articleId}/revisions/1/diff/99`).then((r) => r.json() as { code: string })).code).toBe('ARTICLE_REVISION_NOT_FOUND');
  });

  it('restores an old revision as a new version, keeping the history', async () => {
    const restored = await api('POST', `/articles/${articleId}/revisions/1/restore`, { version: 3 });
    expect(restored.statusCode).toBe(200);
    const { article } = restored.json() as { article: { version: number; headline: string; dek: string } };
    expect(article).toMatchObject({ version: 4, headline: 'First headline', dek: '' });
    const { revisions } = (await api('GET', `/articles/${articleId}/revisions`)).json() as { revisions: RevisionJson[] };
    expect(revisions.map((r) => r.version)).toEqual([4, 3, 2, 1]);
    expect(revisions[0]?.changed_fields).toEqual(['headline', 'dek', 'body']);
    const stale = await api('POST', `/articles/${articleId}/revisions/2/restore`, { version: 3 });
    expect([stale.statusCode, (stale.json() as { code: string }).code]).toEqual([409, 'ARTICLE_STALE_VERSION']);
  });
});
