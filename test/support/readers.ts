import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The newest sign-in link mailed to `email` (DATA_DIR/outbox), as a token. */
export async function latestSignInToken(dataDir: string, email: string): Promise<string> {
  const dir = join(dataDir, 'outbox');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
  for (const file of files.reverse()) {
    const text = await readFile(join(dir, file), 'utf8');
    if (!text.includes(`To: ${email}`)) continue;
    const match = /\/reader\/verify\?token=([A-Za-z0-9_-]+)/.exec(text);
    if (match?.[1]) return match[1];
  }
  throw new Error(`no sign-in mail for ${email}`);
}

/**
 * Signs a reader in the way a browser does (email → mailed link → confirm), sets the display
 * name, and returns the bs_reader cookie. `ip` keeps tests apart in the per-address limits.
 */
export async function signInReader(app: FastifyInstance, dataDir: string, email: string, displayName?: string, ip = '198.51.100.7'): Promise<string> {
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip };
  const asked = await app.inject({ method: 'POST', url: '/reader/sign-in', headers, payload: new URLSearchParams({ email, return: '/' }).toString() });
  if (asked.statusCode !== 200) throw new Error(`sign-in request failed: ${asked.statusCode} ${asked.body}`);
  const token = await latestSignInToken(dataDir, email);
  const verified = await app.inject({ method: 'POST', url: '/reader/verify', headers, payload: new URLSearchParams({ token }).toString() });
  if (verified.statusCode !== 303) throw new Error(`verify failed: ${verified.statusCode} ${verified.body}`);
  const cookie = String(verified.headers['set-cookie']).split(';')[0] ?? '';
  if (displayName !== undefined) {
    const account = await app.inject({ method: 'GET', url: '/reader/account', headers: { cookie } });
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(account.body)?.[1] ?? '';
    const saved = await app.inject({ method: 'POST', url: '/reader/account', headers: { ...headers, cookie }, payload: new URLSearchParams({ csrf_token: csrf, display_name: displayName, return: '/' }).toString() });
    if (saved.statusCode !== 303) throw new Error(`display name failed: ${saved.statusCode} ${saved.body}`);
  }
  return cookie;
}
