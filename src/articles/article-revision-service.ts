import type { StaffPrincipal } from '../platform/http/staff-principal.js';
import type { AdminArticle } from './article.js';
import { createArticleCommitter, withoutPrimary } from './article-commit.js';
import type { ArticleWorkflowDeps } from './article-commit.js';
import { articleErrors } from './article-errors.js';
import { diffSnapshots } from './article-revisions.js';
import type { FieldDiff } from './article-revisions.js';
import { RESTORABLE_FIELDS } from './article-snapshot.js';
import type { ArticleSnapshot, SnapshotField } from './article-snapshot.js';

/** One entry of an article's history. */
export interface RevisionEntry {
  version: number;
  userId: number | null;
  /** "Name <email>" or "scheduler". */
  actor: string;
  changedFields: SnapshotField[];
  createdAt: string;
}

/** An article's history: list its revisions, compare two, bring an old one back. */
export function createArticleRevisionService(deps: ArticleWorkflowDeps) {
  const { revisions } = deps;
  const core = createArticleCommitter(deps);

  async function snapshotAt(id: number, version: number): Promise<ArticleSnapshot> {
    const row = await revisions.find(id, version);
    if (!row) throw articleErrors.revisionNotFound(id, version);
    return JSON.parse(row.snapshot_json) as ArticleSnapshot;
  }

  return {
    /** Every revision, newest first: who, when, which fields changed. */
    async listRevisions(id: number, actor: StaffPrincipal): Promise<RevisionEntry[]> {
      await core.loadFor(id, actor, 'view');
      return (await revisions.list(id)).map((row) => ({
        version: row.version,
        userId: row.user_id,
        actor: row.actor_label,
        changedFields: JSON.parse(row.changed_fields_json) as SnapshotField[],
        createdAt: row.created_at,
      }));
    },

    /** Field-by-field differences from revision `from` to revision `to` (with a line diff of the body). */
    async diffRevisions(input: { id: number; from: number; to: number; actor: StaffPrincipal }): Promise<{ from: number; to: number; changes: FieldDiff[] }> {
      await core.loadFor(input.id, input.actor, 'view');
      const [before, after] = [await snapshotAt(input.id, input.from), await snapshotAt(input.id, input.to)];
      return { from: input.from, to: input.to, changes: diffSnapshots(before, after) };
    },

    /**
     * Brings back the words, picture and placement of an old revision as a new version (history
     * is never rewritten). Status, slug, schedule and corrections stay as they are now.
     */
    async restoreRevision(input: { id: number; version: number; expectedVersion?: number | undefined; actor: StaffPrincipal }): Promise<AdminArticle> {
      const loaded = await core.loadFor(input.id, input.actor, 'restore_revision');
      core.assertVersion(loaded, input.expectedVersion);
      core.assertNotTrashed(loaded);
      const old = await snapshotAt(input.id, input.version);
      const restored: ArticleSnapshot = { ...loaded.snapshot };
      for (const field of RESTORABLE_FIELDS) Object.assign(restored, { [field]: old[field] });
      const next = withoutPrimary(restored);
      await core.assertReferences(loaded.snapshot, next);
      core.assertPublishable(next);
      return core.commit({ loaded, actor: input.actor, action: 'restore_revision', expectedVersion: input.expectedVersion, next, details: { restored_version: input.version } });
    },
  };
}
