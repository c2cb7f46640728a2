/** @module related — Related stories: computed per published story (text similarity, sections, tags, recency), stored with reasons, curated by editors. */
export { createRelatedStore } from './related-store.js';
export type { RelatedStore } from './related-store.js';
export { createRelatedService, RELATED_LIMIT, MAX_PINS, MAX_EXCLUDES } from './related-service.js';
export type { RelatedService, RelatedEntry, RelatedCuration, ReindexProgress, ReindexResult } from './related-service.js';
export { buildRelatedIndex, curateRelated, describeReason, explainPair, findRelated, prepareDocument, tokenize, RELATED_TUNING } from './related-scoring.js';
export type { PreparedDocument, RelatedCandidate, RelatedDocumentInput, RelatedIndex, RelatedReason } from './related-scoring.js';
export { relatedAdminRoutes } from './related-admin-routes.js';
