/** @module comments — reader comments: posting, editing, reporting, threads one level deep; moderation queue and settings. */
export { createCommentStore } from './comment-store.js';
export type { CommentSort } from './comment-store.js';
export { createCommentService, commentErrors, EDIT_WINDOW_MS, COMMENTS_PAGE_SIZE } from './comment-service.js';
export type { CommentService, PublicComment, ModeratedComment, ModerationMode, CommentAuthor } from './comment-service.js';
export { escapeHtml, renderCommentHtml, findLinks, MAX_COMMENT_CHARS } from './comment-text.js';
export { commentAdminRoutes } from './comment-admin-routes.js';
