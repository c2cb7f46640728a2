import { z } from 'zod';
import { STAFF_ROLES } from '../platform/http/staff-principal.js';
import type { StaffPrincipal, StaffRole } from '../platform/http/staff-principal.js';
import type { UserRow } from '../platform/db/tables.js';

export { STAFF_ROLES };
export type { StaffRole };

/** A staff account as the Admin API shows it (never the password hash). */
export interface StaffUser {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  isOwner: boolean;
  authorId: number | null;
  disabledAt: string | null;
  createdAt: string;
}

/** The staff session cookie: HttpOnly and SameSite=Lax always, Secure behind https. */
export const SESSION_COOKIE = 'bs_session';

/** How long a browser session lasts without use. */
export const SESSION_IDLE_MS = 30 * 24 * 3600_000;
/** How long invitation and password-reset links work. */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
export const PASSWORD_RESET_TTL_MS = 2 * 3600_000;
export const OWNER_SETUP_TTL_MS = 7 * 24 * 3600_000;

export const emailSchema = z.string().trim().toLowerCase().max(254).email('must be an email address');
export const passwordSchema = z.string().min(10, 'must have at least 10 characters').max(256, 'must have at most 256 characters');
export const nameSchema = z.string().trim().min(1, 'is required').max(120);
export const roleSchema = z.enum(STAFF_ROLES);

export function toStaffUser(row: UserRow): StaffUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: roleSchema.parse(row.role),
    isOwner: row.is_owner === 1,
    authorId: row.author_id,
    disabledAt: row.disabled_at,
    createdAt: row.created_at,
  };
}

export function toPrincipal(user: StaffUser, via: StaffPrincipal['via']): StaffPrincipal {
  return { userId: user.id, email: user.email, name: user.name, role: user.role, authorId: user.authorId, isOwner: user.isOwner, via };
}
