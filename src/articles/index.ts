/** @module articles — stories: create, read, slugs and their redirects, publication state. */
export { createArticleStore } from './article-store.js';
export type { ArticleStore, ArticleCursor } from './article-store.js';
export { createArticleService } from './article-service.js';
export type { ArticleService, ArticleLookup, ListPublishedOptions } from './article-service.js';
export { articlePath, newArticleSchema, ARTICLE_STATUSES } from './article.js';
export type { Article, ArticleSummary, ArticleStatus, Correction, NewArticleInput } from './article.js';
