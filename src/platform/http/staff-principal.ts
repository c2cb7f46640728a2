import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';

/** Newsroom roles, from least to most powerful. */
export const STAFF_ROLES = ['contributor', 'author', 'editor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who is calling the Admin API, set by the admin authentication hook. */
export interface StaffPrincipal {
  userId: number;
  email: string;
  name: string;
  role: StaffRole;
  /** The byline this user writes under, if any (authors' "own" articles are theirs through it). */
  authorId: number | null;
  isOwner: boolean;
  /** How the request authenticated: a browser session (needs CSRF on writes) or a personal API token. */
  via: 'session' | 'token';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, or null for anonymous requests. */
    staff: StaffPrincipal | null;
  }
}

/** True when `role` is at least `minimum` in the role order. */
export function hasRole(role: StaffRole, minimum: StaffRole): boolean {
  return STAFF_ROLES.indexOf(role) >= STAFF_ROLES.indexOf(minimum);
}

export const authErrors = {
  required: () => new AppError({ code: 'AUTH_REQUIRED', status: 401, title: 'Sign-in required', detail: 'Sign in, or send a personal API token as "Authorization: Bearer …".' }),
  forbidden: (detail = 'Your role does not allow this action.') => new AppError({ code: 'FORBIDDEN', status: 403, title: 'Not allowed', detail }),
  csrf: () => new AppError({ code: 'CSRF_INVALID', status: 403, title: 'Missing or invalid CSRF token', detail: 'Send the X-CSRF-Token header with the token from GET /api/admin/v1/session.' }),
};

/** The principal of a request that must be signed in; throws AUTH_REQUIRED otherwise. */
export function requireStaff(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw authErrors.required();
  return request.staff;
}

/**
 * A preHandler that admits only staff with at least `minimum` role. Finer rules (an author may
 * publish only their own stories) live in the services, which receive the principal.
 */
export function requireRole(minimum: StaffRole) {
  const check = async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const staff = requireStaff(request);
    if (!hasRole(staff.role, minimum)) throw authErrors.forbidden(`This needs the ${minimum} role or higher; you are ${staff.role}.`);
  };
  // Read by the route catalog, so the OpenAPI document states each route's role.
  return Object.assign(check, { minimumRole: minimum });
}

/** The minimum role a route's preHandlers demand, if one of them came from requireRole. */
export function minimumRoleOf(preHandler: unknown): StaffRole | undefined {
  const handlers = Array.isArray(preHandler) ? preHandler : [preHandler];
  for (const handler of handlers) {
    const role = (handler as { minimumRole?: StaffRole } | undefined)?.minimumRole;
    if (role) return role;
  }
  return undefined;
}
