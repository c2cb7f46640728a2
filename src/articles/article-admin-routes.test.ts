import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../platform/clock.js';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeSections } from '../../test/support/factories.js';
import type { SectionIds } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';
import { availableDialects } from '../../test/support/test-databases.js';

const dialects = await availableDialects();

type Caller = { headers: Record<string, string>; userId: number };
interface ArticleJson {
  id: number;
  slug: string;
  status: string;
  version: number;
  headline: string;
  body: { content: { type: string }[] };
  author_ids: number[];
  created_by: number | null;
  deleted_at: string | null;
  corrections: { body: string }[];
}

describe.each(dialects)('article Admin API on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let sections: SectionIds;
  let contributor: Caller;
  let author: Caller;
  let editor: Caller;
  let secondEditor: Caller;
  let admin: Caller;
  const clock: Clock = { now: () => new Date('2026-06-01T12:00:00.000Z') };

  beforeAll(async () => {
    built = await buildTestApp({ dialect, clock });
    sections = await makeSections(built.services, ['world', 'sport']);
    const byline = (slug: string) => built.services.authors.createAuthor({ slug, name: slug.replace('-', ' ') });
    contributor = await signInAs(built, 'contributor', { authorId: (await byline('cara-contributor')).id });
    author = await signInAs(built, 'author', { authorId: (await byline('abe-author')).id });
    editor = await signInAs(built, 'editor');
    secondEditor = await signInAs(built, 'editor');
    admin = await signInAs(built, 'admin');
  });
  afterAll(async () => built?.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, who: Caller, payload?: object) =>
    built.app.inject({ method, url: `/api/admin/v1${url}`, headers: who.headers, ...(payload ? { payload } : {}) });
  const site = (url: string) => built.app.inject({ method: 'GET', url });
  const articleOf = (response: { json(): unknown }) => (response.json() as { article: ArticleJson }).article;
  const codeOf = (response: { json(): unknown }) => (response.json() as { code: string }).code;
  async function draft(who: Caller, fields: Record<string, unknown> = {}): Promise<ArticleJson> {
    const response = await api('POST', '/articles', who, { headline: 'A river story', primary_section_id: sections.world, body_markdown: 'The river **rose**.', ...fields });
    expect(response.statusCode, response.body).toBe(201);
    return articleOf(response);
  }

  it('creates a draft from Markdown, owned by its creator, at version 1 with one revision', async () => {
    const article = await draft(contributor);
    expect(article).toMatchObject({ status: 'draft', version: 1, created_by: contributor.userId, slug: 'a-river-story' });
    expect(article.author_ids).toHaveLength(1);
    expect(article.body.content[0]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'The river ' }, { type: 'text', text: 'rose', marks: [{ type: 'bold' }] }, { type: 'text', text: '.' }] });
    const revisions = await api('GET', `/articles/${article.id}/revisions`, contributor);
    expect((revisions.json() as { revisions: { version: number }[] }).revisions.map((r) => r.version)).toEqual([1]);
  });

  it('converts HTML through the allowlist sanitiser, so an XSS attempt never reaches readers', async () => {
    const html = '<p>Safe <b>words</b><script>alert(1)</script><img src=x onerror="alert(2)"> <a href="javascript:alert(3)">link</a></p><iframe src="https://evil.example"></iframe>';
    const article = await draft(editor, { headline: 'Sanitised story', body_markdown: undefined, body_html: html });
    expect(JSON.stringify(article.body)).not.toMatch(/script|onerror|javascript|iframe/);
    await api('POST', `/articles/${article.id}/publish`, editor, {});
    const page = await site(`/articles/${article.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Safe <strong>words</strong>');
    expect(page.body).not.toMatch(/alert\(|onerror|javascript:|<iframe/);
  });

  it('names every invalid field in a problem response', async () => {
    const response = await api('POST', '/articles', editor, { headline: '', primary_section_id: 'world', color: 'red', body: { type: 'doc', content: [{ type: 'script' }] } });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json() as { code: string; fields: Record<string, string> };
    expect(problem.code).toBe('ARTICLE_INVALID');
    expect(Object.keys(problem.fields).sort()).toEqual(['body.content.0', 'color', 'headline', 'primary_section_id']);
    const missingSection = await api('POST', '/articles', editor, { headline: 'Nowhere', primary_section_id: 999_999 });
    expect((missingSection.json() as { fields: object }).fields).toHaveProperty('primary_section_id');
    const article = await draft(editor);
    const noVersion = await api('PATCH', `/articles/${article.id}`, editor, { headline: 'No version' });
    expect((noVersion.json() as { fields: object }).fields).toHaveProperty('version');
    const twoBodies = await api('PATCH', `/articles/${article.id}`, editor, { version: 1, body_markdown: 'x', body_html: '<p>y</p>' });
    expect((twoBodies.json() as { fields: object }).fields).toHaveProperty('body');
  });

  it('lets a contributor submit their draft for review but not publish it', async () => {
    const article = await draft(contributor);
    const publish = await api('POST', `/articles/${article.id}/publish`, contributor, {});
    expect([publish.statusCode, codeOf(publish)]).toEqual([403, 'FORBIDDEN']);
    const submitted = await api('POST', `/articles/${article.id}/submit`, contributor, {});
    expect(articleOf(submitted).status).toBe('in_review');
    expect(articleOf(await api('POST', `/articles/${article.id}/publish`, editor, {})).status).toBe('published');
    const edit = await api('PATCH', `/articles/${article.id}`, contributor, { version: 3, headline: 'Changed after publication' });
    expect(codeOf(edit)).toBe('FORBIDDEN');
  });

  it('lets an author publish their own article but not another’s', async () => {
    const own = await draft(author);
    expect(articleOf(await api('POST', `/articles/${own.id}/publish`, author, {})).status).toBe('published');
    const theirs = await draft(contributor);
    const refused = await api('POST', `/articles/${theirs.id}/publish`, author, {});
    expect([refused.statusCode, codeOf(refused)]).toEqual([403, 'FORBIDDEN']);
    const again = await api('POST', `/articles/${own.id}/publish`, author, {});
    expect([again.statusCode, codeOf(again)]).toEqual([409, 'ARTICLE_INVALID_TRANSITION']);
  });

  it('refuses the second of two concurrent saves with 409 and the current article, never overwriting', async () => {
    const article = await draft(editor);
    const loadedByFirst = articleOf(await api('GET', `/articles/${article.id}`, editor));
    const loadedBySecond = articleOf(await api('GET', `/articles/${article.id}`, secondEditor));
    expect(loadedBySecond.version).toBe(loadedByFirst.version);
    const first = await api('PATCH', `/articles/${article.id}`, editor, { version: loadedByFirst.version, headline: 'First editor’s headline' });
    expect(first.statusCode).toBe(200);
    const second = await api('PATCH', `/articles/${article.id}`, secondEditor, { version: loadedBySecond.version, headline: 'Second editor’s headline' });
    expect(second.statusCode).toBe(409);
    const problem = second.json() as { code: string; current: ArticleJson };
    expect(problem.code).toBe('ARTICLE_STALE_VERSION');
    expect(problem.current).toMatchObject({ version: loadedByFirst.version + 1, headline: 'First editor’s headline' });
    const retried = await api('PATCH', `/articles/${article.id}`, secondEditor, { version: problem.current.version, headline: 'Second editor’s headline' });
    expect(articleOf(retried)).toMatchObject({ version: loadedByFirst.version + 2, headline: 'Second editor’s headline' });
  });

  it('will not publish or schedule while the lead image lacks alt text', async () => {
    const article = await draft(editor, { lead_image: { src: '/media/river.jpg', alt: ' ' } });
    const refused = await api('POST', `/articles/${article.id}/publish`, editor, {});
    expect([refused.statusCode, codeOf(refused)]).toEqual([422, 'ARTICLE_LEAD_IMAGE_ALT_MISSING']);
    const scheduled = await api('POST', `/articles/${article.id}/schedule`, editor, { scheduled_at: '2026-06-02T08:00:00Z' });
    expect(codeOf(scheduled)).toBe('ARTICLE_LEAD_IMAGE_ALT_MISSING');
    await api('PATCH', `/articles/${article.id}`, editor, { version: 1, lead_image: { src: '/media/river.jpg', alt: 'The river at dawn' } });
    expect(articleOf(await api('POST', `/articles/${article.id}/publish`, editor, {})).status).toBe('published');
  });

  it('schedules only in the future and not before an embargo, and will not publish under embargo', async () => {
    const article = await draft(editor);
    const past = await api('POST', `/articles/${article.id}/schedule`, editor, { scheduled_at: '2026-05-01T08:00:00Z' });
    expect((past.json() as { fields: object }).fields).toHaveProperty('scheduled_at');
    const early = await api('POST', `/articles/${article.id}/schedule`, editor, { scheduled_at: '2026-06-02T08:00:00Z', embargo_until: '2026-06-02T09:00:00Z' });
    expect((early.json() as { fields: object }).fields).toHaveProperty('scheduled_at');
    const scheduled = articleOf(await api('POST', `/articles/${article.id}/schedule`, editor, { scheduled_at: '2026-06-02T09:00:00+01:00', embargo_until: '2026-06-02T08:00:00Z' }));
    expect(scheduled).toMatchObject({ status: 'scheduled', scheduled_at: '2026-06-02T08:00:00.000Z', embargo_until: '2026-06-02T08:00:00.000Z' });
    const now = await api('POST', `/articles/${article.id}/publish`, editor, {});
    expect([now.statusCode, codeOf(now)]).toEqual([409, 'ARTICLE_EMBARGOED']);
    expect(articleOf(await api('POST', `/articles/${article.id}/unschedule`, editor, {})).status).toBe('draft');
  });

  it('keeps the old URL of a published article as a 301 after a slug change', async () => {
    const article = await draft(editor, { headline: 'Old name of the story' });
    await api('POST', `/articles/${article.id}/publish`, editor, {});
    const renamed = await api('PUT', `/articles/${article.id}/slug`, editor, { slug: 'new-name-of-the-story', version: 2 });
    expect(articleOf(renamed).slug).toBe('new-name-of-the-story');
    const old = await site('/articles/old-name-of-the-story');
    expect([old.statusCode, old.headers.location]).toEqual([301, '/articles/new-name-of-the-story']);
    expect((await site('/articles/new-name-of-the-story')).statusCode).toBe(200);
    const taken = await api('PUT', `/articles/${article.id}/slug`, editor, { slug: 'a-river-story' });
    expect(codeOf(taken)).toBe('ARTICLE_SLUG_TAKEN');
    const bad = await api('PUT', `/articles/${article.id}/slug`, editor, { slug: 'Not A Slug' });
    expect((bad.json() as { fields: object }).fields).toHaveProperty('slug');
  });

  it('trashes a published article off the site, restores it unpublished, and lets only admins purge from the trash', async () => {
    const article = await draft(editor, { headline: 'Binned story' });
    await api('POST', `/articles/${article.id}/publish`, editor, {});
    expect((await site('/articles/binned-story')).statusCode).toBe(200);
    const trashed = articleOf(await api('POST', `/articles/${article.id}/trash`, editor, {}));
    expect(trashed.deleted_at).not.toBeNull();
    expect((await site('/articles/binned-story')).statusCode).toBe(410);
    const listed = (trashedOnly: boolean) => api('GET', `/articles?trashed=${trashedOnly}&limit=100`, editor).then((r) => (r.json() as { articles: { id: number }[] }).articles.map((a) => a.id));
    expect(await listed(true)).toContain(article.id);
    expect(await listed(false)).not.toContain(article.id);
    expect(codeOf(await api('PATCH', `/articles/${article.id}`, editor, { version: trashed.version, dek: 'x' }))).toBe('ARTICLE_IN_TRASH');
    const restored = articleOf(await api('POST', `/articles/${article.id}/restore`, editor, {}));
    expect(restored).toMatchObject({ deleted_at: null, status: 'unpublished' });
    expect(codeOf(await api('DELETE', `/articles/${article.id}`, admin))).toBe('ARTICLE_NOT_IN_TRASH');
    await api('POST', `/articles/${article.id}/trash`, editor, {});
    expect(codeOf(await api('DELETE', `/articles/${article.id}`, editor))).toBe('FORBIDDEN');
    expect((await api('DELETE', `/articles/${article.id}`, admin)).statusCode).toBe(204);
    expect(codeOf(await api('GET', `/articles/${article.id}`, admin))).toBe('ARTICLE_NOT_FOUND');
  });

  it('shows an editor’s dated correction on the reader page', async () => {
    const article = await draft(editor, { headline: 'Corrected story' });
    await api('POST', `/articles/${article.id}/publish`, editor, {});
    expect(codeOf(await api('POST', `/articles/${article.id}/corrections`, author, { body: 'Not allowed' }))).toBe('FORBIDDEN');
    const corrected = await api('POST', `/articles/${article.id}/corrections`, editor, { body: 'An earlier version gave the wrong date.' });
    expect(corrected.statusCode).toBe(201);
    expect(articleOf(corrected).corrections.map((c) => c.body)).toEqual(['An earlier version gave the wrong date.']);
    const page = await site('/articles/corrected-story');
    expect(page.body).toContain('An earlier version gave the wrong date.');
  });

  it('lists with filters and a cursor, and shows contributors only their own', async () => {
    for (let i = 0; i < 3; i++) await draft(author, { headline: `Paged story ${i}`, primary_section_id: sections.sport });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const response = await api('GET', `/articles?section=${sections.sport}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, editor);
      const page = response.json() as { articles: { id: number }[]; next_cursor: string | null };
      seen.push(...page.articles.map((a) => a.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    const search = await api('GET', '/articles?q=paged%20story%202', editor);
    expect((search.json() as { articles: { headline: string }[] }).articles.map((a) => a.headline)).toEqual(['Paged story 2']);
    const mine = (await api('GET', '/articles?limit=100', contributor)).json() as { articles: { created_by: number }[] };
    expect(mine.articles.length).toBeGreaterThan(0);
    expect(mine.articles.every((a) => a.created_by === contributor.userId)).toBe(true);
    expect(codeOf(await api('GET', '/articles?status=lost', editor))).toBe('ARTICLE_INVALID');
  });
});
