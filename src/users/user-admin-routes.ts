import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AdminRouteOptions } from '../admin-api/index.js';
import { httpErrors } from '../platform/http/problem-details.js';
import { requireRole, requireStaff } from '../platform/http/staff-principal.js';
import { presentApiToken, presentUser } from './user-presenters.js';
import { SESSION_COOKIE } from './user.js';

/** Routes that sign someone in or recover access: no session authority, so no CSRF token. */
const publicAuthRoute = { csrfExempt: true };

const idParams = z.object({ id: z.coerce.number().int().positive() });

function parseId(request: FastifyRequest): number {
  const parsed = idParams.safeParse(request.params);
  if (!parsed.success) throw httpErrors.invalidRequest('The id in the URL must be a positive whole number.', { id: 'invalid' });
  return parsed.data.id;
}

/** Sessions, owner setup, invitations, password resets, staff accounts, API tokens and the audit log. */
export async function userAdminRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { users, audit } = options.services;
  const isSecure = options.config.PUBLIC_URL.startsWith('https:');
  const meta = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
  // Staff accounts, sessions and tokens appear on no reader page: their writes keep the page cache.
  app.addHook('preHandler', async (request) => {
    request.changedKeys = [];
  });

  app.get('/setup', async () => ({ setup_needed: !(await users.hasUsers()) }));

  app.post('/setup', { config: publicAuthRoute }, async (request, reply) => {
    const session = await users.completeOwnerSetup(request.body, meta(request).userAgent);
    setSessionCookie(reply, session.sessionId, isSecure);
    return reply.code(201).send({ user: presentUser(session.user), csrf_token: session.csrfToken });
  });

  app.post('/session', { config: publicAuthRoute }, async (request, reply) => {
    const session = await users.signIn(request.body, meta(request));
    // Rotate: a session that existed before sign-in (possibly planted) ends here.
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await users.signOut(previous);
    setSessionCookie(reply, session.sessionId, isSecure);
    return reply.code(201).send({ user: presentUser(session.user), csrf_token: session.csrfToken });
  });

  app.get('/session', async (request) => {
    const staff = requireStaff(request);
    const user = await users.getUser(staff.userId);
    return { user: presentUser(user), csrf_token: request.csrfToken ?? null, via: staff.via };
  });

  app.delete('/session', async (request, reply) => {
    requireStaff(request);
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) await users.signOut(sessionId);
    clearSessionCookie(reply, isSecure);
    return reply.code(204).send();
  });

  app.post('/session/sign-out-everywhere', async (request, reply) => {
    const ended = await users.signOutEverywhere(requireStaff(request));
    clearSessionCookie(reply, isSecure);
    return reply.send({ sessions_ended: ended });
  });

  app.post('/invitations', { preHandler: requireRole('admin') }, async (request, reply) => {
    const invitation = await users.invite(request.body, requireStaff(request));
    return reply.code(201).send({ invitation: { email: invitation.email, role: invitation.role, expires_at: invitation.expiresAt } });
  });

  app.post('/invitations/accept', { config: publicAuthRoute }, async (request, reply) => {
    const session = await users.acceptInvitation(request.body, meta(request).userAgent);
    setSessionCookie(reply, session.sessionId, isSecure);
    return reply.code(201).send({ user: presentUser(session.user), csrf_token: session.csrfToken });
  });

  app.post('/password-resets', { config: publicAuthRoute }, async (request, reply) => {
    await users.requestPasswordReset(request.body);
    return reply.code(202).send({ status: 'If that address has an account, a reset link is on its way.' });
  });

  app.post('/password-resets/complete', { config: publicAuthRoute }, async (request, reply) => {
    await users.resetPassword(request.body);
    return reply.code(204).send();
  });

  app.get('/users', { preHandler: requireRole('editor') }, async () => ({ users: (await users.listUsers()).map(presentUser) }));

  app.get('/users/:id', { preHandler: requireRole('editor') }, async (request) => ({ user: presentUser(await users.getUser(parseId(request))) }));

  app.patch('/users/:id', { preHandler: requireRole('admin') }, async (request) => ({
    user: presentUser(await users.updateUser(parseId(request), request.body, requireStaff(request))),
  }));

  app.delete('/users/:id', { preHandler: requireRole('admin') }, async (request, reply) => {
    await users.removeUser(parseId(request), requireStaff(request));
    return reply.code(204).send();
  });

  app.get('/me/api-tokens', async (request) => ({ api_tokens: (await users.listApiTokens(requireStaff(request))).map(presentApiToken) }));

  app.post('/me/api-tokens', async (request, reply) => {
    const { token, info } = await users.createApiToken(request.body, requireStaff(request));
    return reply.code(201).send({ token, api_token: presentApiToken(info) });
  });

  app.delete('/me/api-tokens/:id', async (request, reply) => {
    await users.revokeApiToken(parseId(request), requireStaff(request));
    return reply.code(204).send();
  });

  const auditQuery = z
    .object({
      object_type: z.string().max(50).optional(),
      object_id: z.string().max(100).optional(),
      actor_user_id: z.coerce.number().int().positive().optional(),
      before_id: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    })
    .strict();

  app.get('/audit', { preHandler: requireRole('admin') }, async (request) => {
    const parsed = auditQuery.safeParse(request.query);
    if (!parsed.success) throw httpErrors.invalidRequest('Invalid audit log filter.', Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message])));
    const q = parsed.data;
    const entries = await audit.list({
      limit: q.limit,
      ...(q.object_type ? { objectType: q.object_type } : {}),
      ...(q.object_id ? { objectId: q.object_id } : {}),
      ...(q.actor_user_id ? { actorUserId: q.actor_user_id } : {}),
      ...(q.before_id ? { beforeId: q.before_id } : {}),
    });
    const last = entries[entries.length - 1];
    return {
      entries: entries.map((e) => ({ id: e.id, actor_user_id: e.actorUserId, actor: e.actor, action: e.action, object_type: e.objectType, object_id: e.objectId, details: e.details, ip: e.ip, created_at: e.createdAt })),
      meta: { next_before_id: entries.length === q.limit && last ? last.id : null },
    };
  });
}

function setSessionCookie(reply: FastifyReply, sessionId: string, isSecure: boolean): void {
  reply.setCookie(SESSION_COOKIE, sessionId, { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure, maxAge: 30 * 24 * 3600 });
}

function clearSessionCookie(reply: FastifyReply, isSecure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure });
}
