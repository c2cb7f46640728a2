import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The one schema of Broadsheet, shared by SQLite and PostgreSQL.
 * Times are ISO 8601 UTC strings (`*_at`); JSON documents are stored as text (`*_json`).
 */
export interface Database {
  settings: SettingsTable;
  sections: SectionsTable;
  authors: AuthorsTable;
  tags: TagsTable;
  articles: ArticlesTable;
  article_authors: ArticleAuthorsTable;
  article_sections: ArticleSectionsTable;
  article_tags: ArticleTagsTable;
  corrections: CorrectionsTable;
  slug_redirects: SlugRedirectsTable;
  pages: PagesTable;
  content_keys: ContentKeysTable;
}

type Id = Generated<number>;

export interface SettingsTable {
  key: string;
  value_json: string;
  updated_at: string;
}

export interface SectionsTable {
  id: Id;
  parent_id: number | null;
  slug: string;
  /** Slugs from the root, joined by "/": unique, and the section front's URL path. */
  path: string;
  name: string;
  description: string;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface AuthorsTable {
  id: Id;
  slug: string;
  name: string;
  bio: string;
  photo_url: string | null;
  created_at: string;
  updated_at: string;
}

export interface TagsTable {
  id: Id;
  slug: string;
  name: string;
  created_at: string;
}

export type ArticleStatus = 'draft' | 'in_review' | 'scheduled' | 'published' | 'unpublished';

export interface ArticlesTable {
  id: Id;
  slug: string;
  status: ArticleStatus;
  kicker: string | null;
  headline: string;
  dek: string;
  seo_title: string | null;
  seo_description: string | null;
  social_title: string | null;
  social_description: string | null;
  /** Rich-text document (see src/rich-text). */
  body_json: string;
  /** Plain text of the body, for search and reading time. */
  body_text: string;
  word_count: number;
  /** Lead image: { src, width, height, alt, caption, credit, variants[] } or null. */
  lead_image_json: string | null;
  dateline: string | null;
  primary_section_id: number;
  published_at: string | null;
  updated_at: string;
  created_at: string;
  /** Optimistic-concurrency version; starts at 1 and grows with every save. */
  version: ColumnType<number, number | undefined, number>;
}

export interface ArticleAuthorsTable {
  article_id: number;
  author_id: number;
  position: number;
}

export interface ArticleSectionsTable {
  article_id: number;
  section_id: number;
  position: number;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
  position: number;
}

export interface CorrectionsTable {
  id: Id;
  article_id: number;
  body: string;
  corrected_at: string;
}

export interface SlugRedirectsTable {
  old_slug: string;
  article_id: number;
  created_at: string;
}

export interface PagesTable {
  id: Id;
  slug: string;
  title: string;
  body_json: string;
  status: 'draft' | 'published';
  published_at: string | null;
  updated_at: string;
  created_at: string;
}

export interface ContentKeysTable {
  id: Id;
  name: string;
  /** SHA-256 of the key; the key itself is shown once and never stored. */
  key_hash: string;
  /** First characters of the key, to tell keys apart in listings. */
  key_prefix: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleRowUpdate = Updateable<ArticlesTable>;
export type SectionRow = Selectable<SectionsTable>;
export type AuthorRow = Selectable<AuthorsTable>;
export type TagRow = Selectable<TagsTable>;
export type PageRow = Selectable<PagesTable>;
export type CorrectionRow = Selectable<CorrectionsTable>;
export type ContentKeyRow = Selectable<ContentKeysTable>;
