import { toAuthor } from '../authors/index.js';
import { toTag } from '../topics/index.js';
import type { ImageAttrs, RichTextDocument } from '../rich-text/index.js';
import type { ArticleLockRow, ArticleRow } from '../platform/db/tables.js';
import type { AdminArticle, AdminArticleSummary, Article, ArticleLockInfo, ArticleSummary } from './article.js';
import type { ArticleRelations, ArticleSummaryRow } from './article-store.js';
import type { AdminListRow } from './article-workflow-store.js';

/** Row plus relations → the summary lists show. */
export function toArticleSummary(row: ArticleSummaryRow, relations: ArticleRelations): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    kicker: row.kicker,
    headline: row.headline,
    dek: row.dek,
    leadImage: row.lead_image_json ? (JSON.parse(row.lead_image_json) as ImageAttrs) : null,
    dateline: row.dateline,
    primarySectionId: row.primary_section_id,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    wordCount: row.word_count,
    authors: (relations.authors.get(row.id) ?? []).map(toAuthor),
  };
}

/** Row plus relations → the whole story. */
export function toArticle(row: ArticleRow, relations: ArticleRelations): Article {
  return {
    ...toArticleSummary(row, relations),
    seoTitle: row.seo_title,
    seoDescription: row.seo_description,
    socialTitle: row.social_title,
    socialDescription: row.social_description,
    body: JSON.parse(row.body_json) as RichTextDocument,
    bodyText: row.body_text,
    secondarySectionIds: relations.sections.get(row.id) ?? [],
    tags: (relations.tags.get(row.id) ?? []).map(toTag),
    corrections: (relations.corrections.get(row.id) ?? []).map((c) => ({ id: c.id, body: c.body, correctedAt: c.corrected_at })),
    createdAt: row.created_at,
    version: row.version,
  };
}

/** Row plus relations → the story with its workflow state, for the newsroom. */
export function toAdminArticle(row: ArticleRow, relations: ArticleRelations): AdminArticle {
  return { ...toArticle(row, relations), createdBy: row.created_by, deletedAt: row.deleted_at, scheduledAt: row.scheduled_at, embargoUntil: row.embargo_until };
}

/** A row of the newsroom's list plus bylines → its list entry. */
export function toAdminArticleSummary(row: AdminListRow, relations: ArticleRelations): AdminArticleSummary {
  return {
    ...toArticleSummary(row, relations),
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at,
    deletedAt: row.deleted_at,
    scheduledAt: row.scheduled_at,
    embargoUntil: row.embargo_until,
  };
}

export function toArticleLockInfo(row: ArticleLockRow): ArticleLockInfo {
  return { userId: row.user_id, userName: row.user_name, acquiredAt: row.acquired_at, heartbeatAt: row.heartbeat_at };
}
