/** @module articles — stories: create, read, slugs and their redirects, publication state, and the newsroom's workflow (revisions, scheduling, locks). */
export { createArticleStore } from './article-store.js';
export type { ArticleStore, ArticleCursor } from './article-store.js';
export { createArticleWorkflowStore } from './article-workflow-store.js';
export { createArticleRevisionStore } from './article-revision-store.js';
export { createArticleLockStore } from './article-lock-store.js';
export { createArticleService } from './article-service.js';
export { createArticleChangeFeed } from './article-changes.js';
export type { ArticleChange, ArticleChangeFeed, ArticleChangeListener } from './article-changes.js';
export type { ArticleService, ArticleLookup, ListPublishedOptions, SitemapEntry } from './article-service.js';
export { createArticleWorkflowService } from './article-workflow-service.js';
export type { ArticleWorkflowService, ArticleWorkflowDeps, WorkflowActor } from './article-workflow-service.js';
export { startArticleScheduler, DEFAULT_SCHEDULER_INTERVAL_MS } from './article-scheduler.js';
export { publicPageKeys } from './article-cache-keys.js';
export { articleAdminRoutes } from './article-admin-routes.js';
export { articlePath, newArticleSchema, ARTICLE_STATUSES } from './article.js';
export type { AdminArticle, AdminArticleSummary, Article, ArticleLockInfo, ArticleSummary, ArticleStatus, Correction, NewArticleInput } from './article.js';
