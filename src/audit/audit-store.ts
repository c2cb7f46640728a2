import type { Kysely } from 'kysely';
import type { AuditLogRow, Database } from '../platform/db/tables.js';

/** All SQL for the audit log. Entries are only ever appended. */
export function createAuditStore(db: Kysely<Database>) {
  return {
    async append(entry: Omit<AuditLogRow, 'id'>): Promise<void> {
      await db.insertInto('audit_log').values(entry).execute();
    },
    async list(filter: { objectType?: string | undefined; objectId?: string | undefined; actorUserId?: number | undefined; beforeId?: number | undefined; limit: number }): Promise<AuditLogRow[]> {
      let query = db.selectFrom('audit_log').selectAll();
      if (filter.objectType) query = query.where('object_type', '=', filter.objectType);
      if (filter.objectId) query = query.where('object_id', '=', filter.objectId);
      if (filter.actorUserId !== undefined) query = query.where('actor_user_id', '=', filter.actorUserId);
      if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
      return query.orderBy('id', 'desc').limit(filter.limit).execute();
    },
  };
}

export type AuditStore = ReturnType<typeof createAuditStore>;
