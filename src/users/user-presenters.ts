import type { StaffUser } from './user.js';

/** A staff account as Admin API JSON. */
export function presentUser(user: StaffUser) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    is_owner: user.isOwner,
    author_id: user.authorId,
    disabled: user.disabledAt !== null,
    created_at: user.createdAt,
  };
}

export function presentApiToken(token: { id: number; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }) {
  return { id: token.id, name: token.name, prefix: token.prefix, created_at: token.createdAt, last_used_at: token.lastUsedAt, revoked_at: token.revokedAt };
}
