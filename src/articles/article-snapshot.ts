import { countWords, extractPlainText } from '../rich-text/index.js';
import type { ImageAttrs, RichTextDocument } from '../rich-text/index.js';
import type { ArticleRow } from '../platform/db/tables.js';
import type { ArticleStatus } from './article.js';
import type { ArticleRelations } from './article-store.js';

/**
 * The full editable state of an article, as one revision stores it. Keys are the Admin API's
 * snake_case field names, so changed-field lists and diffs read the same as the requests.
 */
export interface ArticleSnapshot {
  slug: string;
  status: ArticleStatus;
  kicker: string | null;
  headline: string;
  dek: string;
  seo_title: string | null;
  seo_description: string | null;
  social_title: string | null;
  social_description: string | null;
  body: RichTextDocument;
  lead_image: ImageAttrs | null;
  dateline: string | null;
  primary_section_id: number;
  secondary_section_ids: number[];
  author_ids: number[];
  tag_ids: number[];
  published_at: string | null;
  scheduled_at: string | null;
  embargo_until: string | null;
  deleted_at: string | null;
  corrections: { body: string; corrected_at: string }[];
}

export type SnapshotField = keyof ArticleSnapshot;

/** Snapshot fields in the order diffs list them. */
export const SNAPSHOT_FIELDS = [
  'slug', 'status', 'kicker', 'headline', 'dek', 'seo_title', 'seo_description', 'social_title', 'social_description',
  'body', 'lead_image', 'dateline', 'primary_section_id', 'secondary_section_ids', 'author_ids', 'tag_ids',
  'published_at', 'scheduled_at', 'embargo_until', 'deleted_at', 'corrections',
] as const satisfies readonly SnapshotField[];

/**
 * What restoring a revision brings back: the words, picture and placement. Status, slug,
 * schedule and trash have their own actions, and corrections are a public record that stays.
 */
export const RESTORABLE_FIELDS = [
  'kicker', 'headline', 'dek', 'seo_title', 'seo_description', 'social_title', 'social_description',
  'body', 'lead_image', 'dateline', 'primary_section_id', 'secondary_section_ids', 'author_ids', 'tag_ids',
] as const satisfies readonly SnapshotField[];

/** Fields kept in link tables rather than article columns. */
export const LINK_FIELDS = ['secondary_section_ids', 'author_ids', 'tag_ids'] as const satisfies readonly SnapshotField[];

/** The snapshot of a stored article and its links. */
export function snapshotOf(row: ArticleRow, relations: ArticleRelations): ArticleSnapshot {
  return {
    slug: row.slug,
    status: row.status,
    kicker: row.kicker,
    headline: row.headline,
    dek: row.dek,
    seo_title: row.seo_title,
    seo_description: row.seo_description,
    social_title: row.social_title,
    social_description: row.social_description,
    body: JSON.parse(row.body_json) as RichTextDocument,
    lead_image: row.lead_image_json ? (JSON.parse(row.lead_image_json) as ImageAttrs) : null,
    dateline: row.dateline,
    primary_section_id: row.primary_section_id,
    secondary_section_ids: relations.sections.get(row.id) ?? [],
    author_ids: (relations.authors.get(row.id) ?? []).map((a) => a.id),
    tag_ids: (relations.tags.get(row.id) ?? []).map((t) => t.id),
    published_at: row.published_at,
    scheduled_at: row.scheduled_at,
    embargo_until: row.embargo_until,
    deleted_at: row.deleted_at,
    corrections: (relations.corrections.get(row.id) ?? []).map((c) => ({ body: c.body, corrected_at: c.corrected_at })),
  };
}

/** Article columns holding a snapshot (links and corrections excluded), with the derived text and word count. */
export function snapshotColumns(snapshot: ArticleSnapshot) {
  const bodyText = extractPlainText(snapshot.body);
  return {
    slug: snapshot.slug,
    status: snapshot.status,
    kicker: snapshot.kicker,
    headline: snapshot.headline,
    dek: snapshot.dek,
    seo_title: snapshot.seo_title,
    seo_description: snapshot.seo_description,
    social_title: snapshot.social_title,
    social_description: snapshot.social_description,
    body_json: JSON.stringify(snapshot.body),
    body_text: bodyText,
    word_count: countWords(`${snapshot.headline} ${snapshot.dek} ${bodyText}`),
    lead_image_json: snapshot.lead_image ? JSON.stringify(snapshot.lead_image) : null,
    dateline: snapshot.dateline,
    primary_section_id: snapshot.primary_section_id,
    published_at: snapshot.published_at,
    scheduled_at: snapshot.scheduled_at,
    embargo_until: snapshot.embargo_until,
    deleted_at: snapshot.deleted_at,
  };
}

export type SnapshotColumns = ReturnType<typeof snapshotColumns>;

/** True when the lead image is present but says nothing to a reader who cannot see it. */
export function isLeadImageAltMissing(snapshot: Pick<ArticleSnapshot, 'lead_image'>): boolean {
  return snapshot.lead_image !== null && snapshot.lead_image.alt.trim().length === 0;
}
