import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { TEST_PASSWORD, signInAs } from '../../test/support/staff.js';
import { TEST_REDIS_URL, availableDialects, isRedisAvailable } from '../../test/support/test-databases.js';

const dialects = await availableDialects();
const API = '/api/admin/v1';

/** The newest mail in the outbox that was sent to `to`, and the token in its link. */
function lastMailTo(dataDir: string, to: string): { text: string; token: string } {
  const dir = join(dataDir, 'outbox');
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  for (const file of files.reverse()) {
    const text = readFileSync(join(dir, file), 'utf8');
    if (text.includes(`To: ${to}`)) return { text, token: /token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '' };
  }
  throw new Error(`no mail to ${to}`);
}

describe.each(dialects)('staff accounts through the Admin API on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let dataDir: string;
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => built.app.inject({ method: 'POST', url: `${API}${url}`, payload: payload as object, headers });
  const get = (url: string, headers: Record<string, string> = {}) => built.app.inject({ method: 'GET', url: `${API}${url}`, headers });
  const cookieOf = (response: { cookies: { name: string; value: string }[] }) => `bs_session=${response.cookies.find((c) => c.name === 'bs_session')?.value}`;

  beforeAll(async () => {
    built = await buildTestApp({ dialect });
    dataDir = built.dataDir;
  });
  afterAll(async () => built?.close());

  it('sets up the owner once with the one-time link, then refuses a second setup', async () => {
    expect((await get('/setup')).json()).toEqual({ setup_needed: true });
    const link = await built.services.users.issueOwnerSetupLink();
    const token = new URL(link!).searchParams.get('token')!;
    expect((await post('/setup', { token: 'forged', email: 'owner@paper.test', name: 'Owner', password: TEST_PASSWORD })).json()).toMatchObject({ code: 'TOKEN_INVALID' });
    const short = await post('/setup', { token, email: 'owner@paper.test', name: 'Owner', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'USER_INVALID', fields: { password: expect.any(String) } });
    const done = await post('/setup', { token, email: 'Owner@Paper.test', name: 'Owner', password: TEST_PASSWORD });
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({ user: { email: 'owner@paper.test', role: 'admin', is_owner: true } });
    const cookie = done.cookies.find((c) => c.name === 'bs_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy();
    expect((await post('/setup', { token, email: 'x@paper.test', name: 'X', password: TEST_PASSWORD })).statusCode).toBe(409);
    expect(await built.services.users.issueOwnerSetupLink()).toBeNull();
  });

  it('signs in with argon2id, rotates the session and never stores the password', async () => {
    const editor = await signInAs(built, 'editor');
    const again = await post('/session', { email: editor.email, password: TEST_PASSWORD }, { cookie: editor.headers.cookie! });
    expect(again.statusCode).toBe(201);
    expect(cookieOf(again)).not.toBe(editor.headers.cookie);
    // The session from before sign-in is over.
    expect((await get('/session', { cookie: editor.headers.cookie! })).statusCode).toBe(401);
    expect((await get('/session', { cookie: cookieOf(again) })).json()).toMatchObject({ user: { email: editor.email }, via: 'session' });
    const row = await built.database.db.selectFrom('users').select('password_hash').where('email', '=', editor.email).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a wrong password, then limits attempts on the account', async () => {
    const { email } = await signInAs(built, 'author');
    for (let i = 0; i < 5; i++) expect((await post('/session', { email, password: 'wrong password!' })).json()).toMatchObject({ status: 401, code: 'SIGN_IN_FAILED' });
    const limited = await post('/session', { email, password: TEST_PASSWORD });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'SIGN_IN_RATE_LIMITED' });
    expect((await post('/session', { email: 'nobody@paper.test', password: 'whatever it is' })).json()).toMatchObject({ code: 'SIGN_IN_FAILED' });
  });

  it('requires the CSRF token on cookie-authenticated writes, but not on token-authenticated ones', async () => {
    const admin = await signInAs(built, 'admin');
    const noCsrf = await post('/me/api-tokens', { name: 'script' }, { cookie: admin.headers.cookie! });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json()).toMatchObject({ code: 'CSRF_INVALID' });
    expect((await post('/me/api-tokens', { name: 'script' }, { cookie: admin.headers.cookie!, 'x-csrf-token': 'forged' })).statusCode).toBe(403);
    const created = await post('/me/api-tokens', { name: 'script' }, admin.headers);
    expect(created.statusCode).toBe(201);
    const { token, api_token: info } = created.json() as { token: string; api_token: { id: number } };
    const viaToken = await post('/me/api-tokens', { name: 'second' }, { authorization: `Bearer ${token}` });
    expect(viaToken.statusCode).toBe(201);
    expect((await get('/session', { authorization: `Bearer ${token}` })).json()).toMatchObject({ via: 'token' });
    const rows = await built.database.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect((await built.app.inject({ method: 'DELETE', url: `${API}/me/api-tokens/${info.id}`, headers: admin.headers })).statusCode).toBe(204);
    expect((await get('/session', { authorization: `Bearer ${token}` })).json()).toMatchObject({ status: 401, code: 'AUTH_REQUIRED' });
  });

  it('invites by email with a one-use link that signs the new member in with the invited role', async () => {
    const admin = await signInAs(built, 'admin');
    const editor = await signInAs(built, 'editor');
    expect((await post('/invitations', { email: 'new@paper.test', role: 'author' }, editor.headers)).statusCode).toBe(403);
    expect((await post('/invitations', { email: 'not-an-email', role: 'author' }, admin.headers)).json()).toMatchObject({ fields: { email: expect.any(String) } });
    expect((await post('/invitations', { email: 'new@paper.test', role: 'author' }, admin.headers)).statusCode).toBe(201);
    const mail = lastMailTo(dataDir, 'new@paper.test');
    expect(mail.text).toContain('/admin/accept-invitation?token=');
    const accepted = await post('/invitations/accept', { token: mail.token, name: 'New Member', password: TEST_PASSWORD });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({ user: { email: 'new@paper.test', role: 'author', is_owner: false } });
    expect((await post('/invitations/accept', { token: mail.token, name: 'Again', password: TEST_PASSWORD })).json()).toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('resets a password by email, ending every session, without revealing unknown addresses', async () => {
    const author = await signInAs(built, 'author');
    expect((await post('/password-resets', { email: 'ghost@paper.test' })).statusCode).toBe(202);
    expect((await post('/password-resets', { email: author.email })).statusCode).toBe(202);
    const { token } = lastMailTo(dataDir, author.email);
    expect((await post('/password-resets/complete', { token, password: 'a brand new password' })).statusCode).toBe(204);
    expect((await get('/session', { cookie: author.headers.cookie! })).statusCode).toBe(401);
    expect((await post('/session', { email: author.email, password: TEST_PASSWORD })).statusCode).toBe(401);
    expect((await post('/session', { email: author.email, password: 'a brand new password' })).statusCode).toBe(201);
    expect((await post('/password-resets/complete', { token, password: 'another new password' })).statusCode).toBe(400);
  });

  it('signs out, and signs out everywhere', async () => {
    const editor = await signInAs(built, 'editor');
    const second = await post('/session', { email: editor.email, password: TEST_PASSWORD });
    const out = await post('/session/sign-out-everywhere', {}, editor.headers);
    expect(out.json()).toEqual({ sessions_ended: 2 });
    expect((await get('/session', { cookie: cookieOf(second) })).statusCode).toBe(401);
    const third = await signInAs(built, 'contributor');
    expect((await built.app.inject({ method: 'DELETE', url: `${API}/session`, headers: third.headers })).statusCode).toBe(204);
    expect((await get('/session', third.headers)).statusCode).toBe(401);
  });

  it('lets admins change roles but never demote, disable or remove the owner', async () => {
    const admin = await signInAs(built, 'admin');
    const owner = (await built.services.users.listUsers()).find((u) => u.isOwner)!;
    const patch = (id: number, payload: object, headers = admin.headers) => built.app.inject({ method: 'PATCH', url: `${API}/users/${id}`, payload, headers });
    expect((await patch(owner.id, { role: 'editor' })).json()).toMatchObject({ status: 409, code: 'OWNER_PROTECTED' });
    expect((await patch(owner.id, { disabled: true })).json()).toMatchObject({ code: 'OWNER_PROTECTED' });
    expect((await built.app.inject({ method: 'DELETE', url: `${API}/users/${owner.id}`, headers: admin.headers })).json()).toMatchObject({ code: 'OWNER_PROTECTED' });
    const writer = await signInAs(built, 'contributor');
    expect((await patch(writer.userId, { role: 'author' })).json()).toMatchObject({ user: { role: 'author' } });
    expect((await patch(writer.userId, { role: 'emperor' })).json()).toMatchObject({ status: 400, fields: { role: expect.any(String) } });
    expect((await patch(writer.userId, { disabled: true })).json()).toMatchObject({ user: { disabled: true } });
    expect((await get('/session', writer.headers)).statusCode).toBe(401);
    const editor = await signInAs(built, 'editor');
    expect((await patch(writer.userId, { role: 'admin' }, editor.headers)).statusCode).toBe(403);
  });

  it('records staff actions in an audit log only admins can read', async () => {
    const admin = await signInAs(built, 'admin');
    const editor = await signInAs(built, 'editor');
    expect((await get('/audit', editor.headers)).statusCode).toBe(403);
    const log = await get('/audit?limit=200', admin.headers);
    expect(log.statusCode).toBe(200);
    const actions = (log.json() as { entries: { action: string }[] }).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.owner-setup', 'user.sign-in', 'user.invite', 'user.accept-invitation', 'user.update', 'api-token.create', 'api-token.revoke']));
    expect((await get('/audit?limit=0', admin.headers)).statusCode).toBe(400);
  });

  it('answers anonymous callers with 401 problem details', async () => {
    const response = await get('/users');
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.headers['cache-control']).toContain('no-store');
  });
});

describe('session cookie behind https', () => {
  it('is Secure when PUBLIC_URL is https', async () => {
    const built = await buildTestApp({ env: { PUBLIC_URL: 'https://news.example.com' } });
    try {
      const { email } = await signInAs(built, 'editor');
      const response = await built.app.inject({ method: 'POST', url: `${API}/session`, payload: { email, password: TEST_PASSWORD } });
      expect(response.cookies.find((c) => c.name === 'bs_session')?.secure).toBe(true);
    } finally {
      await built.close();
    }
  });
});

describe.runIf(await isRedisAvailable())('sessions with REDIS_URL set', () => {
  it('keeps staff sessions in Redis instead of the database', async () => {
    const built = await buildTestApp({ env: { REDIS_URL: TEST_REDIS_URL } });
    try {
      const editor = await signInAs(built, 'editor');
      expect((await built.app.inject({ url: `${API}/session`, headers: editor.headers })).json()).toMatchObject({ user: { email: editor.email } });
      expect(await built.database.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
      expect((await built.app.inject({ method: 'DELETE', url: `${API}/session`, headers: editor.headers })).statusCode).toBe(204);
      expect((await built.app.inject({ url: `${API}/session`, headers: editor.headers })).statusCode).toBe(401);
    } finally {
      await built.close();
    }
  });
});
