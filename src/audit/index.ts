/** @module audit — the append-only log of staff actions. */
export { createAuditStore } from './audit-store.js';
export { createAuditLog } from './audit-log.js';
export type { AuditLog, AuditActor, AuditEntry, AuditEntryInput } from './audit-log.js';
