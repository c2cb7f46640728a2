/** @module topics — tags and tag pages (editing, merging, deleting), and detected topics: people, places and organisations found in each story. */
export { createTagStore } from './tag-store.js';
export type { TagStore } from './tag-store.js';
export { createTagService } from './tag-service.js';
export type { TagService, TagChangeContext } from './tag-service.js';
export { tagPath, toTag } from './tag.js';
export type { Tag } from './tag.js';
export type { NewTagInput, TagChangeInput, TagMergeInput } from './tag-schemas.js';
export { tagAdminRoutes } from './tag-admin-routes.js';
export { createTopicStore } from './topic-store.js';
export type { TopicStore } from './topic-store.js';
export { createTopicService } from './topic-service.js';
export type { TopicService, TopicChangeContext, TopicWrite } from './topic-service.js';
export { detectTopics, topicKey, MAX_TOPICS_PER_ARTICLE } from './topic-detection.js';
export type { DetectedTopic } from './topic-detection.js';
export { TOPIC_KINDS, TOPIC_KIND_LABELS, topicCacheKey, topicPath } from './topic.js';
export type { ArticleTopic, Topic, TopicKind } from './topic.js';
export { topicAdminRoutes } from './topic-admin-routes.js';
