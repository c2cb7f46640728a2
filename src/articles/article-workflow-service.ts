import type { StaffPrincipal } from '../platform/http/staff-principal.js';
import type { AdminArticle, ArticleLockInfo } from './article.js';
import type { ArticleWorkflowDeps } from './article-commit.js';
import { createArticleEditingService } from './article-editing-service.js';
import { createArticleLifecycleService } from './article-lifecycle-service.js';
import { createArticleLockService } from './article-lock-service.js';
import { createArticleRevisionService } from './article-revision-service.js';

export type { ArticleWorkflowDeps, WorkflowActor } from './article-commit.js';

/**
 * The newsroom's article workflow, one object for the Admin API (and any other surface):
 * editing, status changes, revisions and soft locks. Every change names the version it edits,
 * writes a revision in the same transaction, and is audited.
 */
export function createArticleWorkflowService(deps: ArticleWorkflowDeps) {
  const editing = createArticleEditingService(deps);
  const locks = createArticleLockService(deps);
  return {
    ...editing,
    ...createArticleLifecycleService(deps),
    ...createArticleRevisionService(deps),
    ...locks,

    /** The article for the editor, with whoever has it open right now (null when nobody). */
    async openForEditing(id: number, actor: StaffPrincipal): Promise<{ article: AdminArticle; lock: ArticleLockInfo | null }> {
      const article = await editing.openArticle(id, actor);
      return { article, lock: await locks.findLiveLock(id) };
    },
  };
}

export type ArticleWorkflowService = ReturnType<typeof createArticleWorkflowService>;
