import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/tables.js';
import type { InterchangeSourceRow } from '../platform/db/tables-interchange.js';

/** All SQL for imported-document bookkeeping (interchange_sources). */
export function createInterchangeStore(db: Kysely<Database>) {
  return {
    async findSource(format: string, uri: string): Promise<InterchangeSourceRow | undefined> {
      return db.selectFrom('interchange_sources').selectAll().where('format', '=', format).where('source_uri', '=', uri).executeTakeFirst();
    },
    /** The source document was imported again in a newer version. */
    async updateSourceVersion(format: string, uri: string, sourceVersion: string | null, importedAt: string): Promise<void> {
      await db.updateTable('interchange_sources').set({ source_version: sourceVersion, imported_at: importedAt }).where('format', '=', format).where('source_uri', '=', uri).execute();
    },
    async recordSource(row: { format: string; sourceUri: string; articleId: number; sourceVersion: string | null; language: string | null; importedAt: string }): Promise<void> {
      await db
        .insertInto('interchange_sources')
        .values({ format: row.format, source_uri: row.sourceUri, article_id: row.articleId, source_version: row.sourceVersion, language: row.language, imported_at: row.importedAt })
        .execute();
    },
  };
}

export type InterchangeStore = ReturnType<typeof createInterchangeStore>;
