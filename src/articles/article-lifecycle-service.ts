import { z } from 'zod';
import type { StaffPrincipal } from '../platform/http/staff-principal.js';
import type { AdminArticle } from './article.js';
import { createArticleCommitter } from './article-commit.js';
import type { ArticleWorkflowDeps, LoadedArticle } from './article-commit.js';
import { parseArticleInput } from './article-edit-schemas.js';
import { articleErrors } from './article-errors.js';
import type { ArticleSnapshot } from './article-snapshot.js';
import { releaseTime, statusAfterTrash, transitionTarget } from './article-workflow.js';
import type { ArticleAction, ArticleTransition } from './article-workflow.js';

/** Who asks for a transition, of which version (optional: the current one by default). */
export interface TransitionInput {
  id: number;
  expectedVersion?: number | undefined;
  actor: StaffPrincipal;
}

/** What one scheduler pass did. */
export interface PublishDueResult {
  published: number[];
  /** Articles another process published first, or that changed under this pass. */
  skipped: number[];
  failed: { id: number; error: unknown }[];
}

const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-06-01T09:00:00Z' });
const scheduleSchema = z.strictObject({ scheduled_at: isoTime, embargo_until: isoTime.nullable().optional() });

/** Status changes: submit, publish, schedule, unschedule, unpublish, trash, restore, purge, and the scheduler's pass. */
export function createArticleLifecycleService(deps: ArticleWorkflowDeps) {
  const { workflow, audit } = deps;
  const core = createArticleCommitter(deps);

  /** Loads, authorizes and checks the transition; returns the article and its target status. */
  async function begin(input: TransitionInput, action: ArticleAction & ArticleTransition): Promise<{ loaded: LoadedArticle; next: ArticleSnapshot }> {
    const loaded = await core.loadFor(input.id, input.actor, action);
    core.assertVersion(loaded, input.expectedVersion);
    core.assertNotTrashed(loaded);
    const target = transitionTarget(action, loaded.row.status);
    if (!target) throw articleErrors.invalidTransition(action, loaded.row.status);
    return { loaded, next: { ...loaded.snapshot, status: target } };
  }

  /** Published now: keeps an earlier first-publication time, clears any schedule. */
  function publishedState(snapshot: ArticleSnapshot, now: string): ArticleSnapshot {
    const publishedAt = snapshot.published_at !== null && snapshot.published_at <= now ? snapshot.published_at : now;
    return { ...snapshot, status: 'published', published_at: publishedAt, scheduled_at: null };
  }

  return {
    /** Draft → in review (a contributor's way to ask an editor to publish). */
    async submitForReview(input: TransitionInput): Promise<AdminArticle> {
      const { loaded, next } = await begin(input, 'submit');
      return core.commit({ loaded, actor: input.actor, action: 'submit', expectedVersion: input.expectedVersion, next });
    },

    /** Publishes now. Refused while the lead image lacks alt text or an embargo holds. */
    async publish(input: TransitionInput): Promise<AdminArticle> {
      const { loaded, next } = await begin(input, 'publish');
      const now = core.now();
      if (next.embargo_until !== null && next.embargo_until > now) throw articleErrors.embargoed(next.embargo_until);
      const published = publishedState(next, now);
      core.assertPublishable(published);
      return core.commit({ loaded, actor: input.actor, action: 'publish', expectedVersion: input.expectedVersion, next: published });
    },

    /** Schedules publication at a future time, optionally setting an embargo the schedule may not precede. */
    async schedule(input: TransitionInput & { body: unknown }): Promise<AdminArticle> {
      const body = parseArticleInput(scheduleSchema, input.body);
      const { loaded, next } = await begin(input, 'schedule');
      const scheduledAt = new Date(body.scheduled_at).toISOString();
      const embargoUntil = body.embargo_until === undefined ? next.embargo_until : body.embargo_until === null ? null : new Date(body.embargo_until).toISOString();
      if (scheduledAt <= core.now()) throw articleErrors.invalid({ scheduled_at: 'must be in the future' });
      if (releaseTime(scheduledAt, embargoUntil) !== scheduledAt) throw articleErrors.invalid({ scheduled_at: `must not be before the embargo (${embargoUntil})` });
      const scheduled: ArticleSnapshot = { ...next, scheduled_at: scheduledAt, embargo_until: embargoUntil };
      core.assertPublishable(scheduled);
      return core.commit({ loaded, actor: input.actor, action: 'schedule', expectedVersion: input.expectedVersion, next: scheduled, details: { scheduled_at: scheduledAt } });
    },

    /** Scheduled → draft. */
    async unschedule(input: TransitionInput): Promise<AdminArticle> {
      const { loaded, next } = await begin(input, 'unschedule');
      return core.commit({ loaded, actor: input.actor, action: 'unschedule', expectedVersion: input.expectedVersion, next: { ...next, scheduled_at: null } });
    },

    /** Takes a published story off the site; its URL answers 410 Gone. */
    async unpublish(input: TransitionInput): Promise<AdminArticle> {
      const { loaded, next } = await begin(input, 'unpublish');
      return core.commit({ loaded, actor: input.actor, action: 'unpublish', expectedVersion: input.expectedVersion, next });
    },

    /** Moves the article to the trash; a published one leaves the site, a scheduled one the schedule. */
    async trash(input: TransitionInput): Promise<AdminArticle> {
      const loaded = await core.loadFor(input.id, input.actor, 'trash');
      core.assertVersion(loaded, input.expectedVersion);
      core.assertNotTrashed(loaded);
      const status = statusAfterTrash(loaded.row.status);
      const next: ArticleSnapshot = { ...loaded.snapshot, status, deleted_at: core.now(), scheduled_at: status === loaded.row.status ? loaded.snapshot.scheduled_at : null };
      return core.commit({ loaded, actor: input.actor, action: 'trash', expectedVersion: input.expectedVersion, next });
    },

    /** Takes the article back out of the trash, in the (never public) state trashing left it in. */
    async restoreFromTrash(input: TransitionInput): Promise<AdminArticle> {
      const loaded = await core.loadFor(input.id, input.actor, 'restore');
      core.assertVersion(loaded, input.expectedVersion);
      if (loaded.row.deleted_at === null) throw articleErrors.notInTrash(input.id);
      return core.commit({ loaded, actor: input.actor, action: 'restore', expectedVersion: input.expectedVersion, next: { ...loaded.snapshot, deleted_at: null } });
    },

    /** Deletes a trashed article for good, with its revisions (admins only). */
    async purge(input: TransitionInput): Promise<void> {
      const loaded = await core.loadFor(input.id, input.actor, 'purge');
      core.assertVersion(loaded, input.expectedVersion);
      if (loaded.row.deleted_at === null) throw articleErrors.notInTrash(input.id);
      const version = input.expectedVersion ?? loaded.row.version;
      if (!(await workflow.purge(input.id, version))) throw core.stale(version, await core.load(input.id));
      await audit.record({ actor: input.actor, action: 'article.purge', objectType: 'article', objectId: input.id, details: { slug: loaded.row.slug, headline: loaded.row.headline } });
      await deps.changes?.emit({ articleId: input.id, kind: 'purged' });
    },

    /**
     * Publishes every scheduled article that is due. Each goes through a write conditional on
     * its version and on still being scheduled, so when several processes run this at once each
     * article is published exactly once; the losers see a stale version and skip it.
     */
    async publishDue(options: { limit?: number } = {}): Promise<PublishDueResult> {
      const result: PublishDueResult = { published: [], skipped: [], failed: [] };
      const due = await workflow.listDue(core.now(), options.limit ?? 100);
      for (const { id, version } of due) {
        try {
          const loaded = await core.load(id);
          if (loaded.row.version !== version || loaded.row.status !== 'scheduled') {
            result.skipped.push(id);
            continue;
          }
          const next = publishedState(loaded.snapshot, core.now());
          core.assertPublishable(next);
          await core.commit({ loaded, actor: { system: 'scheduler' }, action: 'publish', expectedVersion: version, expectedStatus: 'scheduled', next, details: { scheduled_at: loaded.row.scheduled_at } });
          result.published.push(id);
        } catch (error) {
          if (isStaleOrMissing(error)) result.skipped.push(id);
          else result.failed.push({ id, error });
        }
      }
      return result;
    },
  };
}

function isStaleOrMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ARTICLE_STALE_VERSION' || code === 'ARTICLE_NOT_FOUND';
}
