import { articlePath } from './article.js';
import type { AdminArticle, AdminArticleSummary, ArticleLockInfo } from './article.js';
import type { FieldDiff } from './article-revisions.js';
import type { RevisionEntry } from './article-revision-service.js';

/** Domain objects → the Admin API's snake_case JSON. */

export function presentAdminSummary(article: AdminArticleSummary) {
  return {
    id: article.id,
    slug: article.slug,
    url: articlePath(article.slug),
    status: article.status,
    version: article.version,
    kicker: article.kicker,
    headline: article.headline,
    dek: article.dek,
    lead_image: article.leadImage,
    primary_section_id: article.primarySectionId,
    authors: article.authors.map((a) => ({ id: a.id, slug: a.slug, name: a.name })),
    word_count: article.wordCount,
    created_by: article.createdBy,
    created_at: article.createdAt,
    updated_at: article.updatedAt,
    published_at: article.publishedAt,
    scheduled_at: article.scheduledAt,
    embargo_until: article.embargoUntil,
    deleted_at: article.deletedAt,
  };
}

export function presentAdminArticle(article: AdminArticle, lock?: ArticleLockInfo | null) {
  return {
    ...presentAdminSummary(article),
    seo_title: article.seoTitle,
    seo_description: article.seoDescription,
    social_title: article.socialTitle,
    social_description: article.socialDescription,
    body: article.body,
    dateline: article.dateline,
    secondary_section_ids: article.secondarySectionIds,
    author_ids: article.authors.map((a) => a.id),
    tag_ids: article.tags.map((t) => t.id),
    tags: article.tags.map((t) => ({ id: t.id, slug: t.slug, name: t.name })),
    corrections: article.corrections.map((c) => ({ id: c.id, body: c.body, corrected_at: c.correctedAt })),
    ...(lock === undefined ? {} : { lock: lock ? presentLock(lock) : null }),
  };
}

export type AdminArticleJson = ReturnType<typeof presentAdminArticle>;

export function presentLock(lock: ArticleLockInfo) {
  return { user_id: lock.userId, user_name: lock.userName, acquired_at: lock.acquiredAt, heartbeat_at: lock.heartbeatAt };
}

export function presentRevision(revision: RevisionEntry) {
  return { version: revision.version, user_id: revision.userId, actor: revision.actor, changed_fields: revision.changedFields, created_at: revision.createdAt };
}

export function presentDiff(diff: { from: number; to: number; changes: FieldDiff[] }) {
  return { from: diff.from, to: diff.to, changes: diff.changes };
}
