import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { authErrors } from '../platform/http/staff-principal.js';
import type { StaffPrincipal } from '../platform/http/staff-principal.js';
import type { AuditLog } from '../audit/index.js';
import type { AdminArticle, ArticleStatus } from './article.js';
import { presentAdminArticle } from './article-admin-presenters.js';
import { articleErrors } from './article-errors.js';
import type { ArticleLockStore } from './article-lock-store.js';
import { toAdminArticle } from './article-presenters.js';
import type { ArticleRevisionStore } from './article-revision-store.js';
import { changedFields } from './article-revisions.js';
import { isLeadImageAltMissing, snapshotColumns, snapshotOf } from './article-snapshot.js';
import type { ArticleSnapshot } from './article-snapshot.js';
import type { ArticleRelations, ArticleStore } from './article-store.js';
import { refusalReason } from './article-workflow.js';
import type { ArticleAction } from './article-workflow.js';
import type { ArticleWorkflowStore } from './article-workflow-store.js';
import type { ArticleChangeFeed } from './article-changes.js';
import type { ArticleRow } from '../platform/db/tables.js';

/** What the workflow use cases are built from. */
export interface ArticleWorkflowDeps {
  articles: ArticleStore;
  workflow: ArticleWorkflowStore;
  revisions: ArticleRevisionStore;
  locks: ArticleLockStore;
  clock: Clock;
  audit: AuditLog;
  /** Told after every committed change (related stories, search, topics listen). */
  changes?: ArticleChangeFeed;
}

/** A staff member, or the scheduler publishing on its own. */
export type WorkflowActor = StaffPrincipal | { system: 'scheduler' | 'cli' | 'setup' };

/** An article read for a change: the row, its links, its snapshot and its domain form. */
export interface LoadedArticle {
  row: ArticleRow;
  relations: ArticleRelations;
  snapshot: ArticleSnapshot;
  article: AdminArticle;
}

export interface CommitInput {
  loaded: LoadedArticle;
  actor: WorkflowActor;
  /** Audit verb after "article.", e.g. "save", "publish". */
  action: string;
  /** The version the caller edited; defaults to the one just loaded. */
  expectedVersion?: number | undefined;
  expectedStatus?: ArticleStatus;
  next: ArticleSnapshot;
  correction?: { body: string; correctedAt: string };
  redirect?: { oldSlug: string; newSlug: string };
  details?: Record<string, unknown>;
}

const ALL_RELATIONS = { tags: true, sections: true, corrections: true };

/**
 * The shared core of every workflow change: load, authorize, check references, and commit a
 * new state as one conditional write with its revision, then audit it.
 */
export function createArticleCommitter(deps: ArticleWorkflowDeps) {
  const { articles, workflow, clock, audit } = deps;

  async function load(id: number): Promise<LoadedArticle> {
    const row = await articles.findById(id);
    if (!row) throw articleErrors.notFound(id);
    const relations = await articles.loadRelations([id], ALL_RELATIONS);
    return { row, relations, snapshot: snapshotOf(row, relations), article: toAdminArticle(row, relations) };
  }

  /** Loads the article and refuses with FORBIDDEN unless `actor` may do `action` to it. */
  async function loadFor(id: number, actor: StaffPrincipal, action: ArticleAction): Promise<LoadedArticle> {
    const loaded = await load(id);
    const reason = refusalReason(actor, action, { status: loaded.row.status, createdBy: loaded.row.created_by, authorIds: loaded.snapshot.author_ids });
    if (reason) throw authErrors.forbidden(reason);
    return loaded;
  }

  /** The stale-version error, carrying the article as it is now. */
  function stale(expected: number, current: LoadedArticle): Error {
    return articleErrors.staleVersion(expected, presentAdminArticle(current.article));
  }

  function assertVersion(loaded: LoadedArticle, expectedVersion: number | undefined): void {
    if (expectedVersion !== undefined && expectedVersion !== loaded.row.version) throw stale(expectedVersion, loaded);
  }

  function assertNotTrashed(loaded: LoadedArticle): void {
    if (loaded.row.deleted_at !== null) throw articleErrors.inTrash(loaded.row.id);
  }

  /** Refuses sections, authors or tags that do not exist, naming the field. */
  async function assertReferences(before: ArticleSnapshot | null, next: ArticleSnapshot): Promise<void> {
    const newIds = (field: 'secondary_section_ids' | 'author_ids' | 'tag_ids') => next[field].filter((id) => !before?.[field].includes(id));
    const primaryChanged = before?.primary_section_id !== next.primary_section_id;
    const secondary = newIds('secondary_section_ids');
    const sectionIds = [...new Set([...(primaryChanged ? [next.primary_section_id] : []), ...secondary])];
    const missing = await workflow.findMissingReferences({ sectionIds, authorIds: newIds('author_ids'), tagIds: newIds('tag_ids') });
    const fields: Record<string, string> = {};
    if (primaryChanged && missing.sectionIds.includes(next.primary_section_id)) fields.primary_section_id = 'is not an existing section';
    const badSecondary = secondary.filter((id) => missing.sectionIds.includes(id));
    if (badSecondary.length > 0) fields.secondary_section_ids = `has sections that do not exist: ${badSecondary.join(', ')}`;
    if (missing.authorIds.length > 0) fields.author_ids = `has authors that do not exist: ${missing.authorIds.join(', ')}`;
    if (missing.tagIds.length > 0) fields.tag_ids = `has tags that do not exist: ${missing.tagIds.join(', ')}`;
    if (Object.keys(fields).length > 0) throw articleErrors.invalid(fields);
  }

  /** A story that is (or will go) live must describe its lead image. */
  function assertPublishable(next: ArticleSnapshot): void {
    if ((next.status === 'published' || next.status === 'scheduled') && isLeadImageAltMissing(next)) throw articleErrors.leadImageAltMissing();
  }

  /** Writes `next` as a new version with its revision; a concurrent change makes it ARTICLE_STALE_VERSION. */
  async function commit(input: CommitInput): Promise<AdminArticle> {
    const { loaded, actor, next } = input;
    const version = input.expectedVersion ?? loaded.row.version;
    assertVersion(loaded, version);
    const fields = changedFields(loaded.snapshot, next);
    if (fields.length === 0) return loaded.article;
    const now = nowIso(clock);
    const changed = (field: (typeof fields)[number]) => fields.includes(field);
    const isStaff = 'userId' in actor;
    const applied = await workflow.applyChange({
      id: loaded.row.id,
      expectedVersion: version,
      ...(input.expectedStatus ? { expectedStatus: input.expectedStatus } : {}),
      columns: { ...snapshotColumns(next), updated_at: now },
      links: {
        ...(changed('author_ids') ? { authorIds: next.author_ids } : {}),
        ...(changed('secondary_section_ids') ? { sectionIds: next.secondary_section_ids } : {}),
        ...(changed('tag_ids') ? { tagIds: next.tag_ids } : {}),
      },
      ...(input.correction ? { correction: input.correction } : {}),
      ...(input.redirect ? { redirect: input.redirect } : {}),
      revision: {
        version: version + 1,
        user_id: isStaff ? actor.userId : null,
        actor_label: actorLabel(actor),
        changed_fields_json: JSON.stringify(fields),
        snapshot_json: JSON.stringify(next),
        created_at: now,
      },
    });
    if (!applied) throw stale(version, await load(loaded.row.id));
    await audit.record({ actor, action: `article.${input.action}`, objectType: 'article', objectId: loaded.row.id, details: { version: version + 1, changed_fields: fields, ...input.details } });
    await deps.changes?.emit({ articleId: loaded.row.id, kind: 'updated' });
    return (await load(loaded.row.id)).article;
  }

  return { load, loadFor, stale, assertVersion, assertNotTrashed, assertReferences, assertPublishable, commit, now: () => nowIso(clock) };
}

export type ArticleCommitter = ReturnType<typeof createArticleCommitter>;

/** How a revision names its author: "Name <email>" or the system job. */
export function actorLabel(actor: WorkflowActor): string {
  return 'userId' in actor ? `${actor.name} <${actor.email}>` : actor.system;
}

/** Secondary sections never repeat the primary one. */
export function withoutPrimary(snapshot: ArticleSnapshot): ArticleSnapshot {
  return { ...snapshot, secondary_section_ids: snapshot.secondary_section_ids.filter((id) => id !== snapshot.primary_section_id) };
}
