/** @module archive — the whole publication in one file (`broadsheet export`), and restoring it into an empty instance. */
export { createArchiveStore } from './archive-store.js';
export type { ArchiveStore, TableInfo } from './archive-store.js';
export { createArchiveService, archiveErrors, foreignKeyOrder, isSkippedTable, SKIPPED_TABLES, ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION } from './archive-service.js';
export type { ArchiveManifest } from './archive-service.js';
