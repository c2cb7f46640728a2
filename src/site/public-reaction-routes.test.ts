import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../articles/index.js';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import { signInReader } from '../../test/support/readers.js';
import { signInAs } from '../../test/support/staff.js';
import { availableDialects } from '../../test/support/test-databases.js';

const dialects = await availableDialects();
const FORM = 'application/x-www-form-urlencoded';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe.each(dialects)('Public Reaction over HTTP on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let nowMs = Date.now();
  const clock = { now: () => new Date(nowMs) };
  let story: Article;
  let other: Article;
  let closed: Article;
  let editor: { headers: Record<string, string> };
  let aliceCookie = '';
  let bobCookie = '';
  let ipCounter = 10;
  const freshIp = () => `203.0.113.${ipCounter++}`;

  const get = (url: string, headers: Record<string, string> = {}) => built.app.inject({ method: 'GET', url, headers });
  const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) => built.app.inject({ method: 'POST', url, headers: { 'content-type': FORM, ...headers }, payload: form(fields) });
  const articleToken = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
  /** The comment form's token on the reader's copy of the page (loaded, then time passes). */
  const commentFormToken = async (slug: string, cookie: string) => {
    const page = await get(`/articles/${slug}`, { cookie });
    const formHtml = page.body.slice(page.body.indexOf('data-comment-form'));
    nowMs += 5000;
    return articleToken(formHtml);
  };
  const postComment = async (slug: string, cookie: string, body: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    post(`/articles/${slug}/comments`, { token: await commentFormToken(slug, cookie), body, website: '', ...extra }, { cookie, 'x-forwarded-for': freshIp(), ...headers });

  beforeAll(async () => {
    built = await buildTestApp({ dialect, clock });
    const sections = await makeSections(built.services, ['news']);
    story = await makeArticle(built.services, { primarySectionId: sections.news!, headline: 'River floods the valley' });
    other = await makeArticle(built.services, { primarySectionId: sections.news!, headline: 'Bridge reopens' });
    closed = await makeArticle(built.services, { primarySectionId: sections.news!, headline: 'Old news' });
    editor = await signInAs(built, 'editor');
    aliceCookie = await signInReader(built.app, built.dataDir, 'alice@readers.test', 'Alice');
    bobCookie = await signInReader(built.app, built.dataDir, 'bob@readers.test', 'Bob <b>', '198.51.100.8');
  }, 60_000);
  afterAll(async () => built?.close());

  describe('reactions', () => {
    it('shows the reaction bar in the cached page and sets no cookie for readers who do not react', async () => {
      const first = await get(`/articles/${story.slug}`);
      expect(first.statusCode).toBe(200);
      expect(first.headers['set-cookie']).toBeUndefined();
      expect(first.body).toContain('data-reactions');
      for (const type of ['like', 'love', 'surprised', 'sad', 'angry']) expect(first.body).toContain(`value="${type}"`);
      expect(String(first.headers['surrogate-key'])).toContain(`comments:${story.id}`);
      const state = await get(`/api/reader/v1/articles/${story.id}/reactions`);
      expect(state.statusCode).toBe(200);
      expect(state.headers['cache-control']).toBe('private, no-store');
      expect(state.headers['set-cookie']).toBeUndefined();
      expect(state.json()).toMatchObject({ mine: null, total: 0, counts: { like: 0 } });
    });

    it('reacts without JavaScript: form POST sets a signed cookie, redirects back, pressing again removes it', async () => {
      const page = await get(`/articles/${story.slug}`);
      const token = articleToken(page.body);
      const ip = freshIp();
      const reacted = await post(`/articles/${story.slug}/reactions`, { token, type: 'love' }, { 'x-forwarded-for': ip });
      expect(reacted.statusCode).toBe(303);
      expect(reacted.headers.location).toBe(`/articles/${story.slug}#reactions`);
      const setCookie = String(reacted.headers['set-cookie']);
      expect(setCookie).toMatch(/^bs_rx=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax/);
      const cookie = setCookie.split(';')[0]!;
      expect((await get(`/api/reader/v1/articles/${story.id}/reactions`, { cookie })).json()).toMatchObject({ mine: 'love', counts: { love: 1 }, total: 1 });
      // The reaction cookie does not make the page personal: its page goes into the shared cache.
      built.pageCache!.clear();
      const cached = await get(`/articles/${story.slug}`, { cookie });
      expect(cached.headers['x-cache']).toBe('MISS');
      expect(cached.headers['cache-control']).not.toContain('private');
      expect(built.pageCache!.get(`/articles/${story.slug}`)).toBeDefined();
      // Change, then press the same again to remove.
      await post(`/articles/${story.slug}/reactions`, { token, type: 'sad' }, { cookie, 'x-forwarded-for': ip });
      expect((await get(`/api/reader/v1/articles/${story.id}/reactions`, { cookie })).json()).toMatchObject({ mine: 'sad', counts: { love: 0, sad: 1 }, total: 1 });
      await post(`/articles/${story.slug}/reactions`, { token, type: 'sad' }, { cookie, 'x-forwarded-for': ip });
      expect((await get(`/api/reader/v1/articles/${story.id}/reactions`, { cookie })).json()).toMatchObject({ mine: null, total: 0 });
    });

    it('reacts with JSON (the script): one reaction per visitor, counts come back', async () => {
      const token = (await get(`/api/reader/v1/articles/${other.id}/reactions`)).json().token as string;
      const a = await built.app.inject({ method: 'POST', url: `/api/reader/v1/articles/${other.id}/reactions`, headers: { 'x-forwarded-for': freshIp() }, payload: { type: 'like', token } });
      expect(a.statusCode).toBe(200);
      expect(a.json()).toMatchObject({ mine: 'like', counts: { like: 1 } });
      const cookie = String(a.headers['set-cookie']).split(';')[0]!;
      const again = await built.app.inject({ method: 'POST', url: `/api/reader/v1/articles/${other.id}/reactions`, headers: { cookie, 'x-forwarded-for': freshIp() }, payload: { type: 'like', token } });
      expect(again.json()).toMatchObject({ mine: 'like', counts: { like: 1 } });
      const b = await built.app.inject({ method: 'POST', url: `/api/reader/v1/articles/${other.id}/reactions`, headers: { 'x-forwarded-for': freshIp() }, payload: { type: 'angry', token } });
      expect(b.json()).toMatchObject({ mine: 'angry', counts: { like: 1, angry: 1 }, total: 2 });
      const removed = await built.app.inject({ method: 'POST', url: `/api/reader/v1/articles/${other.id}/reactions`, headers: { cookie, 'x-forwarded-for': freshIp() }, payload: { type: null, token } });
      expect(removed.json()).toMatchObject({ mine: null, counts: { like: 0, angry: 1 } });
    });

    it('refuses unknown reaction types, forged tokens and cross-site posts with a clear message', async () => {
      const token = articleToken((await get(`/articles/${story.slug}`)).body);
      const unknown = await built.app.inject({ method: 'POST', url: `/api/reader/v1/articles/${story.id}/reactions`, headers: { 'x-forwarded-for': freshIp() }, payload: { type: '<script>alert(1)</script>', token } });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.headers['content-type']).toContain('application/problem+json');
      expect(unknown.json()).toMatchObject({ code: 'REACTION_TYPE_UNKNOWN' });
      const unknownForm = await post(`/articles/${story.slug}/reactions`, { token, type: 'meh' }, { 'x-forwarded-for': freshIp() });
      expect(unknownForm.statusCode).toBe(422);
      expect(unknownForm.headers['content-type']).toContain('text/html');
      expect(unknownForm.body).toContain('Choose one of: like, love, surprised, sad, angry.');
      const forged = await post(`/articles/${story.slug}/reactions`, { token: `${token}x`, type: 'like' }, { 'x-forwarded-for': freshIp() });
      expect(forged.statusCode).toBe(403);
      const otherArticle = await post(`/articles/${other.slug}/reactions`, { token, type: 'like' }, { 'x-forwarded-for': freshIp() });
      expect(otherArticle.statusCode).toBe(403);
      const crossSite = await post(`/articles/${story.slug}/reactions`, { token, type: 'like' }, { origin: 'https://evil.example', 'x-forwarded-for': freshIp() });
      expect(crossSite.statusCode).toBe(403);
      const missing = await post(`/articles/no-such-story/reactions`, { token, type: 'like' });
      expect(missing.statusCode).toBe(404);
    });

    it('throttles a flood from one address without affecting other readers', async () => {
      const token = articleToken((await get(`/articles/${other.slug}`)).body);
      const flooder = '192.0.2.66';
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await built.app.inject({ method: 'POST', url: `/api/reader/v1/articles/${other.id}/reactions`, headers: { 'x-forwarded-for': flooder }, payload: { type: 'like', token } })).statusCode);
      expect(statuses.filter((s) => s === 200).length).toBe(30);
      expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
      const someoneElse = await built.app.inject({ method: 'POST', url: `/api/reader/v1/articles/${other.id}/reactions`, headers: { 'x-forwarded-for': freshIp() }, payload: { type: 'love', token } });
      expect(someoneElse.statusCode).toBe(200);
    });
  });

  describe('reader accounts', () => {
    it('signs in by emailed link (one use), keeps reader sessions apart from staff, signs out', async () => {
      const cookie = await signInReader(built.app, built.dataDir, 'carol@readers.test');
      expect(cookie).toMatch(/^bs_reader=bsr_/);
      const account = await get('/reader/account', { cookie });
      expect(account.statusCode).toBe(200);
      expect(account.headers['cache-control']).toBe('private, no-store');
      expect(account.body).toContain('Choose a display name');
      // A reader session is not a staff session.
      expect((await get('/api/admin/v1/session', { cookie })).statusCode).toBe(401);
      // Without a display name the article shows a link to choose one instead of the form.
      const page = await get(`/articles/${story.slug}`, { cookie });
      expect(page.headers['cache-control']).toBe('private, no-store');
      expect(page.body).toContain('Choose a display name');
      const csrf = /name="csrf_token" value="([^"]+)"/.exec(account.body)![1]!;
      expect((await post('/reader/sign-out', { csrf_token: 'wrong' }, { cookie })).statusCode).toBe(403);
      const out = await post('/reader/sign-out', { csrf_token: csrf }, { cookie });
      expect(out.statusCode).toBe(303);
      expect((await get('/reader/account', { cookie })).statusCode).toBe(303);
    });

    it('refuses a used or made-up sign-in link and a bad email address', async () => {
      const bad = await post('/reader/verify', { token: 'made-up' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('unknown, already used or expired');
      const email = await post('/reader/sign-in', { email: 'not an email' }, { 'x-forwarded-for': freshIp() });
      expect(email.statusCode).toBe(422);
      expect(email.body).toContain('Enter an email address');
    });
  });

  describe('comments', () => {
    it('shows signed-out readers a sign-in link, signed-in readers the form (page not cached for them)', async () => {
      const anonymous = await get(`/articles/${story.slug}`);
      expect(anonymous.body).toContain('Sign in to comment');
      expect(anonymous.body).not.toContain('data-comment-form');
      const personal = await get(`/articles/${story.slug}`, { cookie: aliceCookie });
      expect(personal.headers['cache-control']).toBe('private, no-store');
      expect(personal.headers['x-cache']).toBeUndefined();
      expect(personal.body).toContain('data-comment-form');
      expect(personal.body).toContain('Signed in as Alice');
      expect(personal.body).not.toContain('Sign in to comment');
    });

    it('posts without JavaScript in post-moderation: shown at once, the cached page is refreshed', async () => {
      await get(`/articles/${story.slug}`);
      expect(built.pageCache!.get(`/articles/${story.slug}`)).toBeDefined();
      const posted = await postComment(story.slug, aliceCookie, 'First! See https://example.org/report and <b>bold</b>');
      expect(posted.statusCode).toBe(303);
      expect(posted.headers.location).toMatch(new RegExp(`^/articles/${story.slug}\\?posted=approved#comment-\\d+$`));
      expect(built.pageCache!.get(`/articles/${story.slug}`)).toBeUndefined();
      const page = await get(`/articles/${story.slug}`);
      expect(page.body).toContain('<a href="https://example.org/report" rel="nofollow ugc noopener" target="_blank">https://example.org/report</a>');
      expect(page.body).toContain('&lt;b&gt;bold&lt;/b&gt;');
      expect(page.body).toContain('Comments <span class="comment-count">(<span data-comment-count>1</span>)');
    });

    it('posts with JSON (the script) and returns the rendered comment; replies nest one level', async () => {
      const token = await commentFormToken(story.slug, bobCookie);
      const parentId = Number(/id="comment-(\d+)"/.exec((await get(`/articles/${story.slug}`)).body)![1]);
      const res = await post(`/articles/${story.slug}/comments`, { token, body: 'A reply from Bob', parent_id: String(parentId), website: '' }, { cookie: bobCookie, accept: 'application/json', 'x-forwarded-for': freshIp() });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body.comment).toMatchObject({ parent_id: parentId, author_name: 'Bob <b>', status: 'approved' });
      expect(body.html).toContain('Bob &lt;b&gt;');
      // A reply to a reply joins the thread.
      const token2 = await commentFormToken(story.slug, aliceCookie);
      const nested = await post(`/articles/${story.slug}/comments`, { token: token2, body: 'Reply to the reply', parent_id: String(body.comment.id), website: '' }, { cookie: aliceCookie, accept: 'application/json', 'x-forwarded-for': freshIp() });
      expect(nested.json().comment.parent_id).toBe(parentId);
      const page = await get(`/articles/${story.slug}`);
      expect(page.body).toMatch(/class="comment-replies">.*A reply from Bob.*Reply to the reply/s);
    });

    it('refuses bad comments with a clear message and keeps the text (form) or problem details (JSON)', async () => {
      const cases: [Record<string, string>, number, string][] = [
        [{ body: '   ' }, 422, 'COMMENT_EMPTY'],
        [{ body: 'x'.repeat(5001) }, 422, 'COMMENT_TOO_LONG'],
        [{ body: 'https://a.test https://b.test https://c.test https://d.test' }, 422, 'COMMENT_TOO_MANY_LINKS'],
        [{ body: 'Reply to nothing', parent_id: '999999' }, 422, 'COMMENT_PARENT_MISSING'],
        [{ body: 'Honeypot filled', website: 'http://spam.test' }, 422, 'COMMENT_REJECTED'],
      ];
      for (const [fields, status, code] of cases) {
        const json = await postComment(story.slug, aliceCookie, fields.body!, fields, { accept: 'application/json' });
        expect(json.statusCode, code).toBe(status);
        expect(json.json().code).toBe(code);
      }
      const html = await postComment(story.slug, aliceCookie, 'Keep this text safe', { parent_id: '999999' });
      expect(html.statusCode).toBe(422);
      expect(html.body).toContain('does not exist or is no longer shown');
      expect(html.body).toContain('>Keep this text safe</textarea>');
      // Posted faster than a person could type: refused.
      const page = await get(`/articles/${story.slug}`, { cookie: aliceCookie });
      const tooFast = await post(`/articles/${story.slug}/comments`, { token: articleToken(page.body.slice(page.body.indexOf('data-comment-form'))), body: 'Quick!', website: '' }, { cookie: aliceCookie, accept: 'application/json' });
      expect(tooFast.json().code).toBe('COMMENT_TOO_FAST');
      // Signed out: refused with a link to sign in.
      const anon = await post(`/articles/${story.slug}/comments`, { token: 'x', body: 'Hello' });
      expect(anon.statusCode).toBe(401);
      expect(anon.body).toContain('/reader/sign-in');
      // Forged token.
      expect((await post(`/articles/${story.slug}/comments`, { token: 'forged', body: 'Hello' }, { cookie: aliceCookie, accept: 'application/json' })).json().code).toBe('CSRF_INVALID');
    });

    it('closes comments per article through the Admin API', async () => {
      const res = await built.app.inject({ method: 'PUT', url: `/api/admin/v1/articles/${closed.id}/comments`, headers: editor.headers, payload: { closed: true } });
      expect(res.statusCode).toBe(200);
      const page = await get(`/articles/${closed.slug}`, { cookie: aliceCookie });
      expect(page.body).toContain('Comments on this story are closed.');
      expect(page.body).not.toContain('data-comment-form');
      const token = await commentFormToken(story.slug, aliceCookie);
      // A token for another article does not work here, and the closed article refuses anyway.
      const refused = await post(`/articles/${closed.slug}/comments`, { token, body: 'Late', website: '' }, { cookie: aliceCookie, accept: 'application/json' });
      expect(refused.statusCode).toBe(403);
      await built.app.inject({ method: 'PUT', url: `/api/admin/v1/articles/${closed.id}/comments`, headers: editor.headers, payload: { closed: false } });
      const token2 = await commentFormToken(closed.slug, aliceCookie);
      await built.app.inject({ method: 'PUT', url: `/api/admin/v1/articles/${closed.id}/comments`, headers: editor.headers, payload: { closed: true } });
      const closedRes = await post(`/articles/${closed.slug}/comments`, { token: token2, body: 'Late', website: '' }, { cookie: aliceCookie, accept: 'application/json', 'x-forwarded-for': freshIp() });
      expect(closedRes.statusCode).toBe(409);
      expect(closedRes.json().code).toBe('COMMENTS_CLOSED');
    });

    it('pre-moderation: nothing shows before approval; editors approve, reject, delete; each is audit-logged', async () => {
      expect((await built.app.inject({ method: 'PATCH', url: '/api/admin/v1/comments/settings', headers: editor.headers, payload: { moderation_mode: 'pre' } })).statusCode).toBe(200);
      const posted = await postComment(other.slug, aliceCookie, 'Waiting for a moderator');
      expect(posted.headers.location).toBe(`/articles/${other.slug}?posted=pending#comments`);
      expect((await get(`/articles/${other.slug}`)).body).not.toContain('Waiting for a moderator');
      const notice = await get(posted.headers.location as string, { cookie: aliceCookie });
      expect(notice.body).toContain('will appear once a moderator has approved it');
      const queue = await built.app.inject({ method: 'GET', url: '/api/admin/v1/comments?queue=pending', headers: editor.headers });
      const pending = (queue.json().comments as { id: number; body: string }[]).find((c) => c.body === 'Waiting for a moderator')!;
      expect(pending).toBeDefined();
      await get(`/articles/${other.slug}`);
      const approved = await built.app.inject({ method: 'POST', url: `/api/admin/v1/comments/${pending.id}/approve`, headers: editor.headers });
      expect(approved.json().comment.status).toBe('approved');
      expect((await get(`/articles/${other.slug}`)).body).toContain('Waiting for a moderator');
      const spam = await postComment(other.slug, bobCookie, 'Buy things');
      expect(spam.statusCode).toBe(303);
      const spamId = (await built.app.inject({ method: 'GET', url: '/api/admin/v1/comments?queue=pending', headers: editor.headers })).json().comments.find((c: { body: string }) => c.body === 'Buy things').id as number;
      expect((await built.app.inject({ method: 'POST', url: `/api/admin/v1/comments/${spamId}/reject`, headers: editor.headers })).statusCode).toBe(200);
      expect((await get(`/articles/${other.slug}`)).body).not.toContain('Buy things');
      expect((await built.app.inject({ method: 'DELETE', url: `/api/admin/v1/comments/${pending.id}`, headers: editor.headers })).statusCode).toBe(204);
      expect((await get(`/articles/${other.slug}`)).body).not.toContain('Waiting for a moderator');
      const audit = await built.services.audit.list({ objectType: 'comment', limit: 10 });
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['comment.approve', 'comment.reject', 'comment.delete']));
      await built.app.inject({ method: 'PATCH', url: '/api/admin/v1/comments/settings', headers: editor.headers, payload: { moderation_mode: 'post' } });
      expect((await built.app.inject({ method: 'GET', url: '/api/admin/v1/comments?queue=bogus', headers: editor.headers })).statusCode).toBe(400);
    });

    it('reports go to the queue once per reader; a banned reader disappears and cannot post', async () => {
      const victim = await signInReader(built.app, built.dataDir, 'dave@readers.test', 'Dave', '198.51.100.9');
      const posted = await postComment(other.slug, victim, 'Something rude');
      const id = Number(/#comment-(\d+)$/.exec(posted.headers.location as string)![1]);
      const token = articleToken((await get(`/articles/${other.slug}`)).body);
      for (let i = 0; i < 2; i++) expect((await post(`/articles/${other.slug}/comments/${id}/report`, { token }, { cookie: aliceCookie })).statusCode).toBe(200);
      const reported = (await built.app.inject({ method: 'GET', url: '/api/admin/v1/comments?queue=reported', headers: editor.headers })).json().comments.find((c: { id: number }) => c.id === id);
      expect(reported.report_count).toBe(1);
      const readerId = reported.reader_id as number;
      expect((await built.app.inject({ method: 'POST', url: `/api/admin/v1/readers/${readerId}/ban`, headers: editor.headers })).statusCode).toBe(200);
      expect((await get(`/articles/${other.slug}`)).body).not.toContain('Something rude');
      const again = await postComment(other.slug, victim, 'Let me back in', {}, { accept: 'application/json' });
      expect(again.json().code).toBe('READER_BANNED');
      expect((await built.services.audit.list({ objectType: 'reader', limit: 5 })).map((a) => a.action)).toContain('reader.ban');
    });

    it('edits within 10 minutes only', async () => {
      const posted = await postComment(story.slug, aliceCookie, 'Tpyo here');
      const id = Number(/#comment-(\d+)$/.exec(posted.headers.location as string)![1]);
      const editPage = await get(`/articles/${story.slug}/comments/${id}/edit`, { cookie: aliceCookie });
      expect(editPage.body).toContain('>Tpyo here</textarea>');
      const edited = await post(`/articles/${story.slug}/comments/${id}/edit`, { token: articleToken(editPage.body.slice(editPage.body.indexOf('comment-form'))), body: 'Typo fixed' }, { cookie: aliceCookie });
      expect(edited.statusCode).toBe(303);
      expect((await get(`/articles/${story.slug}`)).body).toContain('Typo fixed');
      expect((await get(`/articles/${story.slug}/comments/${id}/edit`, { cookie: bobCookie })).statusCode).toBe(403);
      nowMs += 11 * 60_000;
      const late = await get(`/articles/${story.slug}/comments/${id}/edit`, { cookie: aliceCookie });
      const tooLate = await post(`/articles/${story.slug}/comments/${id}/edit`, { token: articleToken(late.body.slice(late.body.indexOf('comment-form'))), body: 'Too late' }, { cookie: aliceCookie, accept: 'application/json' });
      expect(tooLate.statusCode).toBe(409);
      expect(tooLate.json().code).toBe('COMMENT_EDIT_EXPIRED');
    });

    it('throttles a flood of comments from one address without affecting other readers', async () => {
      const flooder = await signInReader(built.app, built.dataDir, 'flood@readers.test', 'Flood', '192.0.2.99');
      const codes: number[] = [];
      for (let i = 0; i < 8; i++) codes.push((await postComment(other.slug, flooder, `Flood ${i}`, {}, { 'x-forwarded-for': '192.0.2.99', accept: 'application/json' })).statusCode);
      expect(codes.slice(0, 5).every((c) => c === 201)).toBe(true);
      expect(codes.slice(5).every((c) => c === 429)).toBe(true);
      expect((await postComment(other.slug, bobCookie, 'Bob is unaffected', {}, { accept: 'application/json' })).statusCode).toBe(201);
    });

    it('sorts newest or oldest on the comment pages', async () => {
      const newest = await get(`/articles/${story.slug}/comments?sort=newest`);
      const oldest = await get(`/articles/${story.slug}/comments?sort=oldest`);
      expect(newest.statusCode).toBe(200);
      expect(newest.body.indexOf('Typo fixed')).toBeLessThan(newest.body.indexOf('First!'));
      expect(oldest.body.indexOf('First!')).toBeLessThan(oldest.body.indexOf('Typo fixed'));
    });

    it('serves reaction counts and approved comments in the Content API (key required)', async () => {
      const key = (await built.services.contentKeys.issueKey('reaction test')).key;
      expect((await get(`/api/content/v1/articles/${story.id}/comments`)).statusCode).toBe(401);
      const comments = await get(`/api/content/v1/articles/${story.slug}/comments?sort=oldest`, { authorization: `Bearer ${key}` });
      expect(comments.statusCode).toBe(200);
      const body = comments.json();
      expect(body.meta).toMatchObject({ sort: 'oldest', page: 1, closed: false });
      expect(body.comments[0].body).toContain('First!');
      expect(body.comments[0].replies[0]).toMatchObject({ author_name: 'Bob <b>', body: 'A reply from Bob' });
      const reactions = await get(`/api/content/v1/articles/${other.id}/reactions`, { authorization: `Bearer ${key}` });
      expect(reactions.json()).toMatchObject({ article_id: other.id, reactions: expect.arrayContaining([{ type: 'like', label: 'Like', count: expect.any(Number) }]) });
      expect((await get(`/api/content/v1/articles/${story.id}/comments?sort=sideways`, { authorization: `Bearer ${key}` })).statusCode).toBe(400);
      expect((await get(`/api/content/v1/articles/999999/reactions`, { authorization: `Bearer ${key}` })).statusCode).toBe(404);
    });

    it('deleting the account keeps the comments, shown as from a deleted reader', async () => {
      const erin = await signInReader(built.app, built.dataDir, 'erin@readers.test', 'Erin Unique', '198.51.100.10');
      await postComment(story.slug, erin, 'Erin was here');
      expect((await get(`/articles/${story.slug}`)).body).toContain('Erin Unique');
      const account = await get('/reader/account', { cookie: erin });
      const csrf = /name="csrf_token" value="([^"]+)"/.exec(account.body)![1]!;
      expect((await post('/reader/delete', { csrf_token: csrf }, { cookie: erin })).statusCode).toBe(422);
      const deleted = await post('/reader/delete', { csrf_token: csrf, confirm: 'yes' }, { cookie: erin });
      expect(deleted.statusCode).toBe(200);
      const page = await get(`/articles/${story.slug}`);
      expect(page.body).toContain('Erin was here');
      expect(page.body).not.toContain('Erin Unique');
      expect(page.body).toContain('a deleted reader');
      expect((await get('/reader/account', { cookie: erin })).statusCode).toBe(303);
    });
  });
});
