import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import type { StaffPrincipal } from '../platform/http/staff-principal.js';
import type { AuditStore } from './audit-store.js';

/** Who did something: a staff member, or the system itself (scheduler, CLI). */
export type AuditActor = StaffPrincipal | { system: 'scheduler' | 'cli' | 'setup' };

export interface AuditEntryInput {
  actor: AuditActor;
  /** Dotted verb, e.g. "article.publish", "user.invite", "section.delete". */
  action: string;
  objectType: string;
  objectId?: string | number | null;
  /** Small JSON-safe facts, e.g. changed field names, old and new slug. */
  details?: Record<string, unknown>;
  ip?: string | null;
}

export interface AuditEntry {
  id: number;
  actorUserId: number | null;
  actor: string;
  action: string;
  objectType: string;
  objectId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  createdAt: string;
}

/** The audit log of staff actions: who did what to which object, when. */
export function createAuditLog(deps: { store: AuditStore; clock: Clock }) {
  const { store, clock } = deps;
  return {
    /**
     * Appends an entry. Call it after your transaction commits, not inside it: SQLite has one
     * connection, so a write from outside an open transaction would wait for it forever.
     */
    async record(entry: AuditEntryInput): Promise<void> {
      const actor = entry.actor;
      const isStaff = 'userId' in actor;
      await store.append({
        actor_user_id: isStaff ? actor.userId : null,
        actor_label: isStaff ? `${actor.name} <${actor.email}>` : actor.system,
        action: entry.action,
        object_type: entry.objectType,
        object_id: entry.objectId === undefined || entry.objectId === null ? null : String(entry.objectId),
        details_json: JSON.stringify(entry.details ?? {}),
        ip: entry.ip ?? null,
        created_at: nowIso(clock),
      });
    },
    async list(filter: { objectType?: string; objectId?: string; actorUserId?: number; beforeId?: number; limit: number }): Promise<AuditEntry[]> {
      return (await store.list(filter)).map((row) => ({
        id: row.id,
        actorUserId: row.actor_user_id,
        actor: row.actor_label,
        action: row.action,
        objectType: row.object_type,
        objectId: row.object_id,
        details: JSON.parse(row.details_json) as Record<string, unknown>,
        ip: row.ip,
        createdAt: row.created_at,
      }));
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
