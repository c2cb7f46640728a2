import { z } from 'zod';
import type { AuditLog } from '../audit/index.js';
import type { Mailer } from '../mail/index.js';
import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { memoryAttemptLimiters } from '../platform/http/attempt-limiter.js';
import type { AttemptLimiterFactory } from '../platform/http/attempt-limiter.js';
import type { StaffPrincipal, StaffRole } from '../platform/http/staff-principal.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password-hashing.js';
import { createSecret, hashSecret } from './secret-tokens.js';
import { INVITATION_TTL_MS, OWNER_SETUP_TTL_MS, PASSWORD_RESET_TTL_MS, SESSION_IDLE_MS, emailSchema, nameSchema, passwordSchema, roleSchema, toPrincipal, toStaffUser } from './user.js';
import type { StaffUser } from './user.js';
import { userErrors } from './user-errors.js';
import type { UserStore } from './user-store.js';
import type { SessionStore } from './session-store.js';

const SESSION_PREFIX = 'bss_';
const API_TOKEN_PREFIX = 'bsa_';
// Refresh a session's expiry at most this often, so reads do not become writes.
const SESSION_TOUCH_MS = 10 * 60_000;

export interface SignedInSession {
  /** Goes into the HttpOnly cookie; only its hash is stored. */
  sessionId: string;
  csrfToken: string;
  user: StaffUser;
}

export interface UserServiceDeps {
  store: UserStore;
  /** Sessions: SQL by default, Redis when REDIS_URL is set. */
  sessions: SessionStore;
  clock: Clock;
  audit: AuditLog;
  mailer: Mailer;
  /** Absolute origin for links in mail. */
  publicUrl: string;
  /** Where failed sign-in attempts are counted: process memory by default, Redis when REDIS_URL is set. */
  attemptLimiters?: AttemptLimiterFactory;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw userErrors.invalid(Object.fromEntries(result.error.issues.map((i) => [i.path.join('.') || 'input', i.message])));
  return result.data;
}

/** Staff accounts: owner setup, sign-in and sessions, invitations, password resets, API tokens, roles. */
export function createUserService(deps: UserServiceDeps) {
  const { store, sessions, clock, audit, mailer, publicUrl } = deps;
  const limiters = deps.attemptLimiters ?? memoryAttemptLimiters;
  const perAccount = limiters({ name: 'sign-in-account', maxFailures: 5, windowMs: 15 * 60_000 });
  const perAddress = limiters({ name: 'sign-in-address', maxFailures: 20, windowMs: 15 * 60_000 });
  const now = () => nowIso(clock);
  const later = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();

  async function startSession(user: StaffUser, userAgent: string | null): Promise<SignedInSession> {
    const sessionId = createSecret(SESSION_PREFIX);
    const csrfToken = createSecret('', 24);
    await sessions.insert({ id_hash: hashSecret(sessionId), user_id: user.id, csrf_token: csrfToken, created_at: now(), last_seen_at: now(), expires_at: later(SESSION_IDLE_MS), user_agent: userAgent?.slice(0, 300) ?? null });
    return { sessionId, csrfToken, user };
  }

  async function issueOneTimeToken(input: { purpose: 'owner-setup' | 'invitation' | 'password-reset'; email: string; role: StaffRole | null; userId: number | null; createdBy: number | null; ttlMs: number }): Promise<string> {
    const token = createSecret('', 32);
    await store.insertOneTimeToken({ tokenHash: hashSecret(token), purpose: input.purpose, email: input.email, role: input.role, userId: input.userId, createdBy: input.createdBy, now: now(), expiresAt: later(input.ttlMs) });
    return token;
  }

  async function requireUser(id: number): Promise<StaffUser> {
    const row = await store.findById(id);
    if (!row) throw userErrors.notFound(id);
    return toStaffUser(row);
  }

  return {
    async hasUsers(): Promise<boolean> {
      return (await store.countUsers()) > 0;
    },

    /**
     * When nobody can sign in yet, issues a fresh one-time owner-setup link (earlier ones stop
     * working) and returns its URL; returns null once an owner exists.
     */
    async issueOwnerSetupLink(): Promise<string | null> {
      if ((await store.countUsers()) > 0) return null;
      await store.expireOneTimeTokens('owner-setup', now());
      const token = await issueOneTimeToken({ purpose: 'owner-setup', email: '', role: 'admin', userId: null, createdBy: null, ttlMs: OWNER_SETUP_TTL_MS });
      return `${publicUrl}/admin/setup?token=${token}`;
    },

    /** Creates the owner with the setup token; signs them in. */
    async completeOwnerSetup(input: unknown, userAgent: string | null): Promise<SignedInSession> {
      const value = parse(z.object({ token: z.string().min(1).max(200), email: emailSchema, name: nameSchema, password: passwordSchema }).strict(), input);
      const passwordHash = await hashPassword(value.password);
      // The audit entry is written after the transaction: on SQLite a second writer inside it would wait forever.
      const user = await store.inTransaction(async (trx) => {
        if ((await trx.countUsers()) > 0) throw userErrors.setupDone();
        const token = await trx.consumeOneTimeToken(hashSecret(value.token), 'owner-setup', now());
        if (!token) throw userErrors.tokenInvalid();
        return toStaffUser(await trx.insertUser({ email: value.email, name: value.name, role: 'admin', passwordHash, isOwner: true, authorId: null, now: now() }));
      });
      await audit.record({ actor: toPrincipal(user, 'session'), action: 'user.owner-setup', objectType: 'user', objectId: user.id });
      return startSession(user, userAgent);
    },

    /** Adds a user directly (the CLI's `user add`); returns the user. */
    async addUser(input: { email: string; name: string; role: StaffRole; password: string; isOwner?: boolean }, actor: Parameters<AuditLog['record']>[0]['actor']): Promise<StaffUser> {
      const value = parse(z.object({ email: emailSchema, name: nameSchema, role: roleSchema, password: passwordSchema, isOwner: z.boolean().optional() }), input);
      if (await store.findByEmail(value.email)) throw userErrors.emailTaken(value.email);
      const isOwner = value.isOwner ?? (await store.countUsers()) === 0;
      const row = await store.insertUser({ email: value.email, name: value.name, role: isOwner ? 'admin' : value.role, passwordHash: await hashPassword(value.password), isOwner, authorId: null, now: now() });
      await audit.record({ actor, action: 'user.add', objectType: 'user', objectId: row.id, details: { role: row.role, isOwner } });
      if (isOwner) await store.expireOneTimeTokens('owner-setup', now());
      return toStaffUser(row);
    },

    /** Signs in with email and password; rate-limited per account and per address. */
    async signIn(input: unknown, meta: { ip: string; userAgent: string | null }): Promise<SignedInSession> {
      const value = parse(z.object({ email: emailSchema, password: z.string().min(1, 'is required').max(256) }).strict(), input);
      const nowMs = clock.now().getTime();
      const wait = Math.max(...(await Promise.all([perAccount.retryAfter(value.email, nowMs), perAddress.retryAfter(meta.ip, nowMs)])));
      if (wait > 0) throw userErrors.rateLimited(wait);
      const row = await store.findByEmail(value.email);
      const isValid = await verifyPassword(row?.password_hash ?? (await dummyPasswordHash()), value.password);
      if (!row || !row.password_hash || !isValid || row.disabled_at) {
        await Promise.all([perAccount.recordFailure(value.email, nowMs), perAddress.recordFailure(meta.ip, nowMs)]);
        throw userErrors.signInFailed();
      }
      await perAccount.reset(value.email);
      const user = toStaffUser(row);
      const session = await startSession(user, meta.userAgent);
      await audit.record({ actor: toPrincipal(user, 'session'), action: 'user.sign-in', objectType: 'user', objectId: user.id, ip: meta.ip });
      return session;
    },

    /** The principal and CSRF token of a live session, or null. Slides the expiry forward. */
    async authenticateSession(sessionId: string): Promise<{ principal: StaffPrincipal; csrfToken: string } | null> {
      if (!sessionId.startsWith(SESSION_PREFIX) || sessionId.length > 100) return null;
      const idHash = hashSecret(sessionId);
      const session = await sessions.find(idHash);
      if (!session || session.expires_at <= now()) return null;
      const row = await store.findById(session.user_id);
      if (!row || row.disabled_at) return null;
      if (Date.parse(session.last_seen_at) + SESSION_TOUCH_MS < clock.now().getTime()) await sessions.touch(idHash, now(), later(SESSION_IDLE_MS));
      return { principal: toPrincipal(toStaffUser(row), 'session'), csrfToken: session.csrf_token };
    },

    async signOut(sessionId: string): Promise<void> {
      await sessions.delete(hashSecret(sessionId));
    },

    /** Ends every session of the user (all browsers). Returns how many ended. */
    async signOutEverywhere(actor: StaffPrincipal): Promise<number> {
      const count = await sessions.deleteOfUser(actor.userId);
      await audit.record({ actor, action: 'user.sign-out-everywhere', objectType: 'user', objectId: actor.userId, details: { sessions: count } });
      return count;
    },

    /** Invites someone by email with a one-use link (admins). */
    async invite(input: unknown, actor: StaffPrincipal): Promise<{ email: string; role: StaffRole; expiresAt: string }> {
      const value = parse(z.object({ email: emailSchema, role: roleSchema }).strict(), input);
      if (await store.findByEmail(value.email)) throw userErrors.emailTaken(value.email);
      const token = await issueOneTimeToken({ purpose: 'invitation', email: value.email, role: value.role, userId: null, createdBy: actor.userId, ttlMs: INVITATION_TTL_MS });
      await mailer.send({
        to: value.email,
        subject: 'You are invited to the newsroom',
        text: `${actor.name} invited you to join the newsroom as ${value.role}.\n\nAccept the invitation (valid for 7 days, once):\n${publicUrl}/admin/accept-invitation?token=${token}\n`,
      });
      await audit.record({ actor, action: 'user.invite', objectType: 'invitation', objectId: value.email, details: { role: value.role } });
      return { email: value.email, role: value.role, expiresAt: later(INVITATION_TTL_MS) };
    },

    /** Accepts an invitation: creates the account and signs it in. */
    async acceptInvitation(input: unknown, userAgent: string | null): Promise<SignedInSession> {
      const value = parse(z.object({ token: z.string().min(1).max(200), name: nameSchema, password: passwordSchema }).strict(), input);
      const passwordHash = await hashPassword(value.password);
      const user = await store.inTransaction(async (trx) => {
        const token = await trx.consumeOneTimeToken(hashSecret(value.token), 'invitation', now());
        if (!token) throw userErrors.tokenInvalid();
        if (await trx.findByEmail(token.email)) throw userErrors.emailTaken(token.email);
        return toStaffUser(await trx.insertUser({ email: token.email, name: value.name, role: roleSchema.parse(token.role), passwordHash, isOwner: false, authorId: null, now: now() }));
      });
      await audit.record({ actor: toPrincipal(user, 'session'), action: 'user.accept-invitation', objectType: 'user', objectId: user.id });
      return startSession(user, userAgent);
    },

    /** Mails a reset link when the account exists; says nothing either way, so emails cannot be probed. */
    async requestPasswordReset(input: unknown): Promise<void> {
      const value = parse(z.object({ email: emailSchema }).strict(), input);
      const row = await store.findByEmail(value.email);
      if (!row || row.disabled_at) return;
      const token = await issueOneTimeToken({ purpose: 'password-reset', email: row.email, role: null, userId: row.id, createdBy: null, ttlMs: PASSWORD_RESET_TTL_MS });
      await mailer.send({
        to: row.email,
        subject: 'Reset your newsroom password',
        text: `Someone asked to reset the password of ${row.email}.\n\nChoose a new password (valid for 2 hours, once):\n${publicUrl}/admin/reset-password?token=${token}\n\nIf it was not you, ignore this message.\n`,
      });
    },

    /** Sets a new password with a reset token and ends every existing session of the account. */
    async resetPassword(input: unknown): Promise<void> {
      const value = parse(z.object({ token: z.string().min(1).max(200), password: passwordSchema }).strict(), input);
      const passwordHash = await hashPassword(value.password);
      const userId = await store.inTransaction(async (trx) => {
        const token = await trx.consumeOneTimeToken(hashSecret(value.token), 'password-reset', now());
        if (!token?.user_id) throw userErrors.tokenInvalid();
        await trx.updateUser(token.user_id, { password_hash: passwordHash }, now());
        return token.user_id;
      });
      await sessions.deleteOfUser(userId);
    },

    /** Sets a password directly (the CLI's `user reset-password`); ends the user's sessions. */
    async setPassword(email: string, password: string): Promise<StaffUser> {
      const value = parse(z.object({ email: emailSchema, password: passwordSchema }), { email, password });
      const row = await store.findByEmail(value.email);
      if (!row) throw userErrors.notFound(value.email);
      await store.updateUser(row.id, { password_hash: await hashPassword(value.password) }, now());
      await sessions.deleteOfUser(row.id);
      await audit.record({ actor: { system: 'cli' }, action: 'user.reset-password', objectType: 'user', objectId: row.id });
      return toStaffUser(row);
    },

    async listUsers(): Promise<StaffUser[]> {
      return (await store.listUsers()).map(toStaffUser);
    },

    getUser: requireUser,

    /** Changes role, name, byline link or disabled state (admins). The owner stays an enabled admin. */
    async updateUser(id: number, input: unknown, actor: StaffPrincipal): Promise<StaffUser> {
      const value = parse(z.object({ name: nameSchema.optional(), role: roleSchema.optional(), author_id: z.number().int().positive().nullable().optional(), disabled: z.boolean().optional() }).strict(), input);
      const user = await requireUser(id);
      if (user.isOwner && ((value.role && value.role !== 'admin') || value.disabled === true)) throw userErrors.ownerProtected();
      const row = await store.updateUser(
        id,
        {
          ...(value.name !== undefined ? { name: value.name } : {}),
          ...(value.role !== undefined ? { role: value.role } : {}),
          ...(value.author_id !== undefined ? { author_id: value.author_id } : {}),
          ...(value.disabled !== undefined ? { disabled_at: value.disabled ? now() : null } : {}),
        },
        now(),
      );
      if (!row) throw userErrors.notFound(id);
      if (value.disabled) await sessions.deleteOfUser(id);
      await audit.record({ actor, action: 'user.update', objectType: 'user', objectId: id, details: { fields: Object.keys(value) } });
      return toStaffUser(row);
    },

    /** Removes an account (admins); never the owner. Their articles keep their bylines. */
    async removeUser(id: number, actor: StaffPrincipal): Promise<void> {
      const user = await requireUser(id);
      if (user.isOwner) throw userErrors.ownerProtected();
      await store.deleteUser(id);
      await audit.record({ actor, action: 'user.remove', objectType: 'user', objectId: id, details: { email: user.email } });
    },

    /** Creates a personal API token for scripts; the token is returned once. */
    async createApiToken(input: unknown, actor: StaffPrincipal) {
      const value = parse(z.object({ name: z.string().trim().min(1, 'is required').max(100) }).strict(), input);
      const token = createSecret(API_TOKEN_PREFIX);
      const row = await store.insertApiToken({ userId: actor.userId, name: value.name, tokenHash: hashSecret(token), tokenPrefix: token.slice(0, API_TOKEN_PREFIX.length + 6), now: now() });
      await audit.record({ actor, action: 'api-token.create', objectType: 'api-token', objectId: row.id, details: { name: value.name } });
      return { token, info: { id: row.id, name: row.name, prefix: row.token_prefix, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at } };
    },

    async listApiTokens(actor: StaffPrincipal) {
      return (await store.listApiTokens(actor.userId)).map((row) => ({ id: row.id, name: row.name, prefix: row.token_prefix, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at }));
    },

    async revokeApiToken(id: number, actor: StaffPrincipal): Promise<void> {
      if (!(await store.revokeApiToken(actor.userId, id, now()))) throw userErrors.apiTokenNotFound(id);
      await audit.record({ actor, action: 'api-token.revoke', objectType: 'api-token', objectId: id });
    },

    /** The principal of a live personal API token, or null. */
    async authenticateApiToken(token: string): Promise<StaffPrincipal | null> {
      if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 100) return null;
      const row = await store.findActiveApiToken(hashSecret(token));
      if (!row) return null;
      const user = await store.findById(row.user_id);
      if (!user || user.disabled_at) return null;
      if (!row.last_used_at || Date.parse(row.last_used_at) + SESSION_TOUCH_MS < clock.now().getTime()) await store.touchApiToken(row.id, now());
      return toPrincipal(toStaffUser(user), 'token');
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
