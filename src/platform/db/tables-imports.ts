import type { Generated, Selectable } from 'kysely';

/** Import bookkeeping: the tables of this area, merged into `Database` in tables.ts. */
export interface ImportTables {
  import_items: ImportItemsTable;
  legacy_urls: LegacyUrlsTable;
}

/** What an imported item is locally: article, page, section, tag, author, comment. */
export type ImportKind = 'article' | 'page' | 'section' | 'tag' | 'author' | 'comment';

/** One item of an export file and the local row it became (unique per source system, site, kind and id). */
export interface ImportItemsTable {
  id: Generated<number>;
  /** "wordpress", "ghost", … */
  source_system: string;
  /** The exporting site (WXR base site URL; Ghost site title), so two blogs' ids never meet. */
  source_site: string;
  kind: ImportKind;
  /** The id in the export file (WordPress post id, term slug, Ghost object id). */
  source_id: string;
  local_id: number;
  /** SHA-256 of the normalised item as imported; an equal checksum on re-import means "unchanged". */
  checksum: string;
  created_at: string;
  updated_at: string;
}

/** An old site's path that answers with a 301 to what it became. */
export interface LegacyUrlsTable {
  /** Path with query, without origin and trailing slash: "/2013/01/11/hello", "/?p=123", "/category/news". */
  path: string;
  target_kind: 'article' | 'page' | 'section';
  target_id: number;
  created_at: string;
}

export type ImportItemRow = Selectable<ImportItemsTable>;
export type LegacyUrlRow = Selectable<LegacyUrlsTable>;
