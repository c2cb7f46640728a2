import type { FastifyReply } from 'fastify';

/** The staff session cookie. HttpOnly and SameSite=Lax always; Secure behind https. */
export const SESSION_COOKIE = 'bs_session';

export function setSessionCookie(reply: FastifyReply, sessionId: string, isSecure: boolean): void {
  reply.setCookie(SESSION_COOKIE, sessionId, { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure, maxAge: 30 * 24 * 3600 });
}

export function clearSessionCookie(reply: FastifyReply, isSecure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure });
}
