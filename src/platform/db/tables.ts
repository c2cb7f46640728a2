import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CollectionTables } from './tables-collections.js';
import type { ImportTables } from './tables-imports.js';
import type { InterchangeTables } from './tables-interchange.js';
import type { PublicReactionTables } from './tables-public-reaction.js';
import type { RelatedTables } from './tables-related.js';
import type { SearchTables } from './tables-search.js';
import type { TrendingTables } from './tables-trending.js';

/**
 * The one schema of Broadsheet, shared by SQLite and PostgreSQL.
 * Times are ISO 8601 UTC strings (`*_at`); JSON documents are stored as text (`*_json`).
 * Later areas keep their tables in tables-<area>.ts, merged in here.
 */
export interface Database extends RelatedTables, TrendingTables, CollectionTables, SearchTables, PublicReactionTables, ImportTables, InterchangeTables {
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
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  one_time_tokens: OneTimeTokensTable;
  audit_log: AuditLogTable;
  article_revisions: ArticleRevisionsTable;
  article_locks: ArticleLocksTable;
  media: MediaTable;
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
  /** User id of the staff member who created it (null for imported and seeded stories). */
  created_by: ColumnType<number | null, number | null | undefined, number | null>;
  /** Set while the article is in the trash. */
  deleted_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** When a scheduled article goes live. */
  scheduled_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Not to be published before this time, whatever the schedule says. */
  embargo_until: ColumnType<string | null, string | null | undefined, string | null>;
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

export interface UsersTable {
  id: Id;
  email: string;
  name: string;
  /** contributor | author | editor | admin */
  role: string;
  /** argon2id hash; null until the user sets a password. */
  password_hash: string | null;
  /** 1 for the owner: an admin who cannot be removed or demoted. */
  is_owner: number;
  author_id: number | null;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the session id in the cookie; the id itself is never stored. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Id;
  user_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface OneTimeTokensTable {
  token_hash: string;
  /** owner-setup | invitation | password-reset */
  purpose: string;
  email: string;
  role: string | null;
  user_id: number | null;
  created_by: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AuditLogTable {
  id: Id;
  actor_user_id: number | null;
  /** The actor as shown in the log ("Ann Editor <ann@…>", "system", "cli"). */
  actor_label: string;
  /** e.g. article.publish, user.invite, section.delete */
  action: string;
  object_type: string;
  object_id: string | null;
  details_json: string;
  ip: string | null;
  created_at: string;
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditLogRow = Selectable<AuditLogTable>;

/** One saved state of an article: every save, transition and restore writes one. */
export interface ArticleRevisionsTable {
  id: Id;
  article_id: number;
  /** The article's version after this change (unique per article). */
  version: number;
  user_id: number | null;
  /** "Ann Editor <ann@…>" or "scheduler". */
  actor_label: string;
  /** JSON array of the snapshot fields this change altered. */
  changed_fields_json: string;
  /** JSON of the full editable state after the change. */
  snapshot_json: string;
  created_at: string;
}

/** Soft editing lock: who has an article open; a heartbeat keeps it fresh. */
export interface ArticleLocksTable {
  article_id: number;
  user_id: number;
  user_name: string;
  acquired_at: string;
  heartbeat_at: string;
}

export type ArticleRevisionRow = Selectable<ArticleRevisionsTable>;
export type ArticleLockRow = Selectable<ArticleLocksTable>;

export interface MediaTable {
  id: Id;
  /** The file name the uploader's computer gave; shown in the library, never used as a path. */
  original_name: string;
  /** Detected from the content: image/jpeg, image/png, image/webp, image/avif or image/gif. */
  mime_type: string;
  /** Pixel size of the original after EXIF auto-rotation. */
  width: number;
  height: number;
  /** Size of the uploaded file. */
  bytes: number;
  alt: string;
  caption: string | null;
  credit: string | null;
  /** Folder name under DATA_DIR/media holding the variants. */
  storage_key: string;
  /** [{ src, width, type }] of every generated file. */
  variants_json: string;
  uploaded_by: number | null;
  created_at: string;
  updated_at: string;
  /** Set by a soft delete; the files stay so published pages keep their pictures. */
  deleted_at: string | null;
}

export type MediaRow = Selectable<MediaTable>;
