import { z } from 'zod';
import type { Mailer } from '../mail/index.js';
import { AppError } from '../platform/errors/app-error.js';
import { memoryAttemptLimiters } from '../platform/http/attempt-limiter.js';
import type { AttemptLimiterFactory } from '../platform/http/attempt-limiter.js';
import type { Clock } from '../platform/clock.js';
import type { ReaderRow } from '../platform/db/tables-public-reaction.js';
import { createSecret, createSigner, hashSecret, newSigningSecret } from './reader-signing.js';
import type { Signer } from './reader-signing.js';
import type { ReaderStore } from './reader-store.js';

/** Reader session cookie: its presence makes a page personal (never shared-cached). */
export const READER_SESSION_COOKIE = 'bs_reader';
export const READER_SESSION_TTL_MS = 30 * 24 * 3600_000;
export const SIGN_IN_LINK_TTL_MS = 30 * 60_000;
/** What readers see instead of the name of someone who deleted their account. */
export const DELETED_READER_NAME = 'a deleted reader';
export const MAX_DISPLAY_NAME = 60;

export interface Reader {
  id: number;
  email: string | null;
  displayName: string;
  isBanned: boolean;
  createdAt: string;
}

export interface ReaderSession {
  reader: Reader;
  /** Session-bound token every account form carries. */
  csrfToken: string;
  /** SHA-256 of the session id: binds form tokens to the session without exposing it. */
  sessionHash: string;
}

export const readerErrors = {
  invalidEmail: () => new AppError({ code: 'READER_EMAIL_INVALID', status: 422, title: 'Invalid email address', detail: 'Enter an email address such as name@example.com.', fields: { email: 'must be an email address' } }),
  linkInvalid: () => new AppError({ code: 'READER_LINK_INVALID', status: 400, title: 'Sign-in link not valid', detail: 'This sign-in link is unknown, already used or expired. Ask for a new one.' }),
  nameInvalid: (detail: string) => new AppError({ code: 'READER_NAME_INVALID', status: 422, title: 'Invalid display name', detail, fields: { display_name: detail } }),
  throttled: (seconds: number) => new AppError({ code: 'RATE_LIMITED', status: 429, title: 'Too many requests', detail: `Too many requests from you just now. Try again in ${seconds} seconds.`, extra: { retry_after: seconds } }),
  signInRequired: () => new AppError({ code: 'READER_SIGN_IN_REQUIRED', status: 401, title: 'Sign-in required', detail: 'Sign in with your email address to do this.' }),
  notFound: () => new AppError({ code: 'NOT_FOUND', status: 404, title: 'Not found', detail: 'There is no such reader.' }),
};

const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

function toReader(row: ReaderRow): Reader {
  return { id: row.id, email: row.email, displayName: row.display_name, isBanned: row.banned_at !== null, createdAt: row.created_at };
}

/** A display name: 1–60 visible characters, no control characters; HTML is just text. */
export function parseDisplayName(raw: unknown): string {
  if (typeof raw !== 'string') throw readerErrors.nameInvalid('A display name is required.');
  // eslint-disable-next-line no-control-regex
  const name = raw.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
  if (name === '') throw readerErrors.nameInvalid('A display name is required.');
  if ([...name].length > MAX_DISPLAY_NAME) throw readerErrors.nameInvalid(`A display name can be at most ${MAX_DISPLAY_NAME} characters.`);
  if (name.toLowerCase() === DELETED_READER_NAME) throw readerErrors.nameInvalid('Choose another display name.');
  return name;
}

/** A path on this site to return to after signing in; anything else becomes "/". */
export function safeReturnPath(raw: unknown): string {
  // eslint-disable-next-line no-control-regex
  if (typeof raw !== 'string' || raw.length > 500 || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\') || /[\u0000-\u001f]/.test(raw)) return '/';
  return raw;
}

/**
 * Reader accounts (commenters): sign-in by emailed one-use link, display name, sessions separate
 * from staff sessions, account deletion. Also owns the area's signing key (reaction cookies and
 * form tokens) and its name/value settings.
 */
export function createReaderService(deps: { store: ReaderStore; clock: Clock; mailer: Mailer; publicUrl: string; publicationName?: () => Promise<string>; attemptLimiters?: AttemptLimiterFactory }) {
  // Shared by every process through Redis when REDIS_URL is set (see app.ts), in memory otherwise.
  const limiters = deps.attemptLimiters ?? memoryAttemptLimiters;
  const { store, clock, mailer, publicUrl } = deps;
  const now = () => clock.now().toISOString();
  const later = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
  const perEmail = limiters({ name: 'reader-sign-in-per-email', maxFailures: 3, windowMs: 15 * 60_000 });
  const perAddress = limiters({ name: 'reader-sign-in-per-address', maxFailures: 10, windowMs: 15 * 60_000 });
  let signer: Promise<Signer> | undefined;

  const service = {
    /** The area's HMAC signer; its key is made once and kept in the database (shared by every process). */
    signer(): Promise<Signer> {
      signer ??= store.ensureSetting('signing_secret', newSigningSecret(), now()).then(createSigner);
      signer.catch(() => (signer = undefined));
      return signer;
    },

    /** A token for a form: proves it came from this site for `subject` (and when). */
    async issueFormToken(purpose: string, subject: string): Promise<string> {
      return (await service.signer()).sign(`${purpose}~${subject}~${clock.now().getTime().toString(36)}`);
    },
    /** When the token is genuine for `purpose`/`subject` and younger than `maxAgeMs`: its age in ms; else null. */
    async checkFormToken(token: unknown, purpose: string, subject: string, maxAgeMs: number): Promise<number | null> {
      if (typeof token !== 'string' || token === '') return null;
      const value = (await service.signer()).unsign(token);
      if (value === null) return null;
      const [p, s, t] = value.split('~');
      if (p !== purpose || s !== subject || t === undefined) return null;
      const age = clock.now().getTime() - parseInt(t, 36);
      return Number.isFinite(age) && age >= 0 && age <= maxAgeMs ? age : null;
    },

    async getSetting(name: string): Promise<string | undefined> {
      return store.getSetting(name);
    },
    async putSetting(name: string, value: string): Promise<void> {
      await store.putSetting(name, value, now());
    },

    /** Mails a one-use sign-in link. Answers the same whether or not the address has an account. */
    async requestSignInLink(input: { email: unknown; returnTo?: unknown; ip: string }): Promise<void> {
      const parsed = emailSchema.safeParse(input.email);
      if (!parsed.success) throw readerErrors.invalidEmail();
      const email = parsed.data;
      const nowMs = clock.now().getTime();
      const wait = Math.max(await perEmail.retryAfter(email, nowMs), await perAddress.retryAfter(input.ip, nowMs));
      if (wait > 0) throw readerErrors.throttled(wait);
      await perEmail.recordFailure(email, nowMs);
      await perAddress.recordFailure(input.ip, nowMs);
      const token = createSecret('', 32);
      const returnTo = safeReturnPath(input.returnTo);
      await store.insertLoginToken({ tokenHash: hashSecret(token), email, returnTo, now: now(), expiresAt: later(SIGN_IN_LINK_TTL_MS) });
      const name = deps.publicationName ? await deps.publicationName() : 'Broadsheet';
      await mailer.send({
        to: email,
        subject: `Your sign-in link for ${name}`,
        text: `Hello,\n\nFollow this link to sign in and join the discussion on ${name}:\n\n${publicUrl}/reader/verify?token=${token}\n\nThe link works once, for 30 minutes. If you did not ask for it, ignore this message.\n`,
      });
    },

    /** True when a sign-in link is still usable (the confirmation page shows its button). */
    async isSignInLinkLive(token: unknown): Promise<boolean> {
      return typeof token === 'string' && token.length > 0 && token.length < 200 && store.peekLoginToken(hashSecret(token), now());
    },

    /** Uses a sign-in link: creates the account on first use and starts a reader session. */
    async completeSignIn(token: unknown): Promise<{ sessionId: string; reader: Reader; returnTo: string; isNew: boolean }> {
      if (typeof token !== 'string' || token.length === 0 || token.length > 200) throw readerErrors.linkInvalid();
      const used = await store.consumeLoginToken(hashSecret(token), now());
      if (!used) throw readerErrors.linkInvalid();
      let row = await store.findByEmail(used.email);
      const isNew = !row;
      row ??= await store.insertReader({ email: used.email, now: now() }).catch(async () => {
        const existing = await store.findByEmail(used.email);
        if (!existing) throw readerErrors.linkInvalid();
        return existing;
      });
      const sessionId = createSecret('bsr_', 32);
      await store.insertSession({ idHash: hashSecret(sessionId), readerId: row.id, csrfToken: createSecret('', 24), now: now(), expiresAt: later(READER_SESSION_TTL_MS) });
      return { sessionId, reader: toReader(row), returnTo: safeReturnPath(used.returnTo), isNew };
    },

    /** The session behind a cookie value, or null. */
    async authenticate(sessionId: unknown): Promise<ReaderSession | null> {
      if (typeof sessionId !== 'string' || !sessionId.startsWith('bsr_') || sessionId.length > 100) return null;
      const sessionHash = hashSecret(sessionId);
      const found = await store.findSession(sessionHash, now());
      return found ? { reader: toReader(found.reader), csrfToken: found.csrfToken, sessionHash } : null;
    },

    async setDisplayName(readerId: number, raw: unknown): Promise<Reader> {
      const name = parseDisplayName(raw);
      await store.updateDisplayName(readerId, name, now());
      const row = await store.findById(readerId);
      if (!row) throw readerErrors.notFound();
      return toReader(row);
    },

    async signOut(sessionId: string): Promise<void> {
      await store.deleteSession(hashSecret(sessionId));
    },

    /** Deletes the account and its sessions; its comments remain, shown as from "a deleted reader". */
    async deleteAccount(readerId: number): Promise<void> {
      await store.deleteReader(readerId, DELETED_READER_NAME, now());
    },

    /** The reader with this email, created with the display name if new (demo seeding, imports). */
    async ensureReader(email: string, displayName: string): Promise<Reader> {
      const address = emailSchema.parse(email);
      const existing = await store.findByEmail(address);
      if (existing) return toReader(existing);
      const row = await store.insertReader({ email: address, now: now() });
      await store.updateDisplayName(row.id, parseDisplayName(displayName), now());
      return toReader({ ...row, display_name: parseDisplayName(displayName) });
    },

    async findReader(id: number): Promise<Reader | undefined> {
      const row = await store.findById(id);
      return row ? toReader(row) : undefined;
    },

    /** Bans (or unbans) a reader: their comments are hidden and posting is refused. */
    async setBanned(readerId: number, isBanned: boolean): Promise<Reader> {
      if (!(await store.setBanned(readerId, isBanned ? now() : null, now()))) throw readerErrors.notFound();
      const row = await store.findById(readerId);
      if (!row) throw readerErrors.notFound();
      return toReader(row);
    },
  };
  return service;
}

export type ReaderService = ReturnType<typeof createReaderService>;
