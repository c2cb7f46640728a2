/** @module reactions — reader reactions to articles (like, love, …): one per visitor per article, live counts. */
export { createReactionStore } from './reaction-store.js';
export { createReactionService, parseReactionTypes, reactionErrors, DEFAULT_REACTION_TYPES, REACTION_COOKIE } from './reaction-service.js';
export type { ReactionService, ReactionSummary, ReactionType } from './reaction-service.js';
