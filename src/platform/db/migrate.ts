import { Migrator, PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider, MigrationResult } from 'kysely';
import * as createContentTables from './migrations/2026-11-28-0000-create-content-tables.js';
import * as createStaffTables from './migrations/2026-11-28-0100-create-staff-tables.js';
import * as createMedia from './migrations/2026-11-28-0200-create-media.js';
import * as addArticleWorkflow from './migrations/2026-11-28-0300-add-article-workflow.js';
import * as createRelated from './migrations/2026-11-28-0400-create-related.js';
import * as createTrending from './migrations/2026-11-28-0410-create-trending.js';
import * as createCollectionsAndTopics from './migrations/2026-11-28-0420-create-collections-and-topics.js';
import * as createSearchIndex from './migrations/2026-11-28-0430-create-search-index.js';
import * as createComments from './migrations/2026-11-28-0500-create-comments.js';
import * as addReactions from './migrations/2026-11-28-0510-add-reactions.js';
import * as createImportTracking from './migrations/2026-11-28-0600-create-import-tracking.js';
import * as addInterchangeSources from './migrations/2026-11-28-0610-add-interchange-sources.js';
import * as tuneSearchDocuments from './migrations/2026-11-29-0100-tune-search-documents.js';
import * as createSearchTermLists from './migrations/2026-11-29-0500-create-search-term-lists.js';

/** One ordered list for both dialects; names sort by date so branches never collide. */
const migrations: Record<string, Migration> = {
  '2026-11-28-0000-create-content-tables': createContentTables,
  '2026-11-28-0100-create-staff-tables': createStaffTables,
  '2026-11-28-0200-create-media': createMedia,
  '2026-11-28-0300-add-article-workflow': addArticleWorkflow,
  '2026-11-28-0400-create-related': createRelated,
  '2026-11-28-0410-create-trending': createTrending,
  '2026-11-28-0420-create-collections-and-topics': createCollectionsAndTopics,
  '2026-11-28-0430-create-search-index': createSearchIndex,
  '2026-11-28-0500-create-comments': createComments,
  '2026-11-28-0510-add-reactions': addReactions,
  '2026-11-28-0600-create-import-tracking': createImportTracking,
  '2026-11-28-0610-add-interchange-sources': addInterchangeSources,
  '2026-11-29-0100-tune-search-documents': tuneSearchDocuments,
  '2026-11-29-0500-create-search-term-lists': createSearchTermLists,
};

const provider: MigrationProvider = {
  getMigrations: async () => migrations,
};

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Kysely looks for its lock table in every schema on PostgreSQL; naming the current schema
  // keeps several schemas in one database (as the tests use) from seeing each other's tables.
  const schema = db.getExecutor().adapter instanceof PostgresAdapter ? await currentSchema(db) : undefined;
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${(error as Error).message}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function currentSchema(db: Kysely<any>): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? undefined;
}
