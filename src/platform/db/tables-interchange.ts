import type { Generated, Selectable } from 'kysely';

/** Interchange (ninjs import) bookkeeping, merged into `Database` in tables.ts. */
export interface InterchangeTables {
  interchange_sources: InterchangeSourcesTable;
}

/** One imported document: its format ("ninjs"), its own identifier and the story made from it. */
export interface InterchangeSourcesTable {
  id: Generated<number>;
  format: string;
  source_uri: string;
  article_id: number;
  source_version: string | null;
  language: string | null;
  imported_at: string;
}

export type InterchangeSourceRow = Selectable<InterchangeSourcesTable>;
