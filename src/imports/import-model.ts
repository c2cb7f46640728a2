import type { ImageAttrs } from '../rich-text/index.js';
import type { ConvertedBody } from './body-conversion.js';

/** A category (→ section) or tag of the export file. */
export interface SourceTerm {
  kind: 'section' | 'tag';
  /** Unique per kind within the file, e.g. "category:news" or a Ghost tag id. */
  sourceId: string;
  slug: string;
  name: string;
  description: string;
  parentSourceId: string | null;
  legacyPaths: string[];
}

export interface SourceAuthor {
  sourceId: string;
  slug: string;
  name: string;
  bio: string;
}

export interface SourceComment {
  sourceId: string;
  /** Already the top-level ancestor (threads are one level deep); null for a top-level comment. */
  parentSourceId: string | null;
  authorName: string;
  authorUrl: string | null;
  /** Plain text. */
  body: string;
  status: 'approved' | 'pending';
  createdAt: string;
}

/** A post (→ article) or page (→ static page) of the export file. */
export interface SourceEntry {
  kind: 'article' | 'page';
  sourceId: string;
  title: string;
  /** The slug wanted; made unique on import. */
  slug: string;
  status: 'published' | 'draft' | 'scheduled';
  /** ISO UTC; null when the source has no date. */
  publishedAt: string | null;
  updatedAt: string | null;
  dek: string;
  seoTitle: string | null;
  seoDescription: string | null;
  authorSourceIds: string[];
  /** Categories of the entry; the first is the primary section. Undeclared ones are created from these. */
  sections: SourceTerm[];
  tags: SourceTerm[];
  /** An image URL, or a reference to an attachment of the same file (WordPress `_thumbnail_id`). */
  featuredImage: { url: string; alt: string } | { attachmentId: string } | null;
  legacyPaths: string[];
  comments: SourceComment[];
  /** The raw body as found in the file (for the change checksum). */
  rawBody: string;
  /** Converts the body; may throw, which skips the entry with the message as reason. */
  convertBody: () => ConvertedBody;
  /** Problems noticed while reading the entry. */
  warnings: string[];
}

export interface ReportItem {
  kind: string;
  sourceId: string;
  title: string;
  reason?: string;
  /** Local id it became (imported, updated). */
  localId?: number;
}

export type SourceEvent =
  | { type: 'site'; site: string }
  | { type: 'term'; term: SourceTerm }
  | { type: 'author'; author: SourceAuthor }
  | { type: 'attachment'; sourceId: string; url: string; alt: string }
  | { type: 'entry'; entry: SourceEntry }
  | { type: 'skip'; item: ReportItem }
  | { type: 'warning'; item: ReportItem };

/** Where an import came from and the events it yields. `countEntries` gives the total for the progress bar. */
export interface ImportSource {
  system: string;
  events: () => AsyncIterable<SourceEvent>;
  countEntries?: () => Promise<number>;
}

export interface ImportProgress {
  done: number;
  total: number | undefined;
}

export interface ImportOptions {
  /** Read and convert everything, write nothing (all writes are rolled back). */
  dryRun?: boolean;
  /** "as-source" keeps published/draft/scheduled; "draft" imports everything as drafts. */
  status?: 'draft' | 'as-source';
  /** Fetch featured images into the media library (only with allowHosts); otherwise external references. */
  fetchImages?: boolean;
  allowHosts?: string[];
  /** Section path for posts without a category (created when missing). Default "imported". */
  defaultSection?: string;
  /** Entries written per transaction. */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
}

/** Fetches an image into the media library; the caller enforces the host allowlist. */
export type ImageFetcher = (url: string, alt: string) => Promise<ImageAttrs>;

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  source: { system: string; site: string };
  dryRun: boolean;
  counts: {
    articles: ImportCounts;
    pages: ImportCounts;
    sections: { created: number; reused: number };
    tags: { created: number; reused: number };
    authors: { created: number; reused: number };
    comments: { created: number; updated: number };
    legacyUrls: number;
    skipped: number;
    warnings: number;
  };
  imported: ReportItem[];
  updated: ReportItem[];
  skipped: ReportItem[];
  warnings: ReportItem[];
  durationMs: number;
  /** Follow-up the operator should run (search and related-story indexes). */
  nextSteps: string[];
}
