import type { Generated, Selectable } from 'kysely';

/** Readers, comments and reactions: the tables of the public-reaction area, merged into `Database` in tables.ts. */
export interface PublicReactionTables {
  readers: ReadersTable;
  comments: CommentsTable;
  reactions: ReactionsTable;
  reader_sessions: ReaderSessionsTable;
  reader_login_tokens: ReaderLoginTokensTable;
  comment_reports: CommentReportsTable;
  comment_article_settings: CommentArticleSettingsTable;
  public_reaction_settings: PublicReactionSettingsTable;
}

/** One reader's reaction to one article; the visitor key comes from the signed reaction cookie. */
export interface ReactionsTable {
  id: Generated<number>;
  article_id: number;
  visitor_key: string;
  type: string;
  created_at: string;
  updated_at: string;
}

/** A signed-in reader's browser session (cookie bs_reader); only the SHA-256 of the id is stored. */
export interface ReaderSessionsTable {
  id_hash: string;
  reader_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

/** A one-use email sign-in link (magic link); only the SHA-256 of the token is stored. */
export interface ReaderLoginTokensTable {
  token_hash: string;
  email: string;
  return_to: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** One report of a comment by one reader (or visitor), so repeated reports count once. */
export interface CommentReportsTable {
  comment_id: number;
  reporter_key: string;
  created_at: string;
}

/** Per-article comment settings: closed_at set means no new comments or replies. */
export interface CommentArticleSettingsTable {
  article_id: number;
  closed_at: string | null;
  updated_at: string;
}

/** Name/value settings of the public-reaction area: moderation mode, the signing secret. */
export interface PublicReactionSettingsTable {
  name: string;
  value: string;
  updated_at: string;
}

/** A reader account (for commenting); separate from staff users. */
export interface ReadersTable {
  id: Generated<number>;
  /** Lower-cased; null once the reader deleted the account. */
  email: string | null;
  display_name: string;
  created_at: string;
  updated_at: string;
  /** Set by moderators: the reader's comments are hidden and posting is refused. */
  banned_at: string | null;
  deleted_at: string | null;
}

export type CommentStatus = 'pending' | 'approved' | 'rejected' | 'deleted';

export interface CommentsTable {
  id: Generated<number>;
  article_id: number;
  /** Replies point at a top-level comment; threads are one level deep. */
  parent_id: number | null;
  /** Null for imported comments and for readers who deleted their account. */
  reader_id: number | null;
  /** The name shown; for reader comments a copy of the display name at posting time. */
  author_name: string;
  author_url: string | null;
  /** Plain text as the reader typed it; rendered escaped with safe autolinks. */
  body: string;
  status: CommentStatus;
  /** "reader" for comments posted here, "import" for ones brought in by an importer. */
  source: string;
  /** The comment's id in the export file it came from (unique per article), so re-imports find it. */
  legacy_id: string | null;
  report_count: Generated<number>;
  /** Salted hash of the poster's address, for rate limits and bans; never the address itself. */
  visitor_hash: string | null;
  created_at: string;
  updated_at: string;
  edited_at: string | null;
}

export type CommentRow = Selectable<CommentsTable>;
export type ReaderRow = Selectable<ReadersTable>;
export type ReactionRow = Selectable<ReactionsTable>;
