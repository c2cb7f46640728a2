import type { StaffPrincipal } from '../platform/http/staff-principal.js';
import { authErrors } from '../platform/http/staff-principal.js';
import type { ArticleLockInfo } from './article.js';
import { presentLock } from './article-admin-presenters.js';
import { createArticleCommitter } from './article-commit.js';
import type { ArticleWorkflowDeps } from './article-commit.js';
import { articleErrors } from './article-errors.js';
import type { ArticleLockStore } from './article-lock-store.js';
import { toArticleLockInfo } from './article-presenters.js';
import { refusalReason } from './article-workflow.js';

/** A lock without a heartbeat for this long is treated as abandoned (closed tab, lost laptop). */
export const LOCK_STALE_MS = 2 * 60_000;

/** What opening an article for editing gives back. */
export interface LockResult {
  lock: ArticleLockInfo;
  /** The holder this call replaced, after a take-over or an abandoned lock. */
  previous: ArticleLockInfo | null;
}

/** The live lock of an article, or null when nobody (with a recent heartbeat) has it open. */
export async function findLiveLock(locks: ArticleLockStore, articleId: number, now: Date): Promise<ArticleLockInfo | null> {
  const row = await locks.find(articleId);
  if (!row || row.heartbeat_at < new Date(now.getTime() - LOCK_STALE_MS).toISOString()) return null;
  return toArticleLockInfo(row);
}

/**
 * Soft editing locks: opening an article shows who else has it open, and an editor may take
 * it over explicitly. Locks warn; the version check is what keeps saves from overwriting.
 */
export function createArticleLockService(deps: ArticleWorkflowDeps) {
  const { locks, clock, audit } = deps;
  const core = createArticleCommitter(deps);

  return {
    findLiveLock: (articleId: number) => findLiveLock(locks, articleId, clock.now()),

    /**
     * Opens the article for editing, or refreshes the caller's lock (the heartbeat). Another
     * live holder makes it ARTICLE_LOCKED (409, with the holder) unless an editor takes over.
     */
    async acquireLock(input: { id: number; actor: StaffPrincipal; takeOver: boolean }): Promise<LockResult> {
      const loaded = await core.loadFor(input.id, input.actor, 'lock');
      const now = clock.now();
      const request = {
        articleId: input.id,
        userId: input.actor.userId,
        userName: input.actor.name,
        now: now.toISOString(),
        staleBefore: new Date(now.getTime() - LOCK_STALE_MS).toISOString(),
        takeOver: false,
      };
      let attempt = await locks.acquire(request);
      if (!attempt.acquired && input.takeOver) {
        const refusal = refusalReason(input.actor, 'take_over_lock', { status: loaded.row.status, createdBy: loaded.row.created_by, authorIds: loaded.snapshot.author_ids });
        if (refusal) throw authErrors.forbidden(refusal);
        attempt = await locks.acquire({ ...request, takeOver: true });
      }
      if (!attempt.acquired) throw articleErrors.locked(presentLock(toArticleLockInfo(attempt.holder)));
      const previous = attempt.previous ? toArticleLockInfo(attempt.previous) : null;
      if (attempt.kind !== 'heartbeat') {
        await audit.record({
          actor: input.actor,
          action: attempt.kind === 'taken_over' ? 'article.lock_take_over' : 'article.lock',
          objectType: 'article',
          objectId: input.id,
          details: previous ? { previous_user_id: previous.userId, previous_user_name: previous.userName } : {},
        });
      }
      return { lock: toArticleLockInfo(attempt.lock), previous };
    },

    /** Closes the article for the caller; releasing a lock one does not hold does nothing. */
    async releaseLock(input: { id: number; actor: StaffPrincipal }): Promise<void> {
      if (await locks.release(input.id, input.actor.userId)) {
        await audit.record({ actor: input.actor, action: 'article.unlock', objectType: 'article', objectId: input.id });
      }
    },
  };
}
