import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminRouteOptions } from '../admin-api/index.js';
import { requireRole, requireStaff } from '../platform/http/staff-principal.js';
import { topicPath } from './topic.js';
import type { ArticleTopic, Topic } from './topic.js';
import { articleTopicParamsSchema, articleTopicsParamsSchema, parseTopicInput, topicParamsSchema } from './topic-schemas.js';
import type { TopicChangeContext } from './topic-service.js';

const presentTopic = (topic: Topic, articleCount?: number) => ({
  id: topic.id,
  kind: topic.kind,
  slug: topic.slug,
  name: topic.name,
  url: topicPath(topic.slug),
  ...(articleCount === undefined ? {} : { article_count: articleCount }),
});
const presentArticleTopic = (topic: ArticleTopic) => ({ ...presentTopic(topic), source: topic.source, removed: topic.removed, position: topic.position });

/**
 * Admin API for detected topics (under /api/admin/v1). Any staff member may read them; editors
 * and admins add, remove and rename them. Writes name the pages they change in `changedKeys`.
 */
export async function topicAdminRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { services } = options;
  const read = { preHandler: requireRole('contributor') };
  const write = { preHandler: requireRole('editor') };
  const changeBy = (request: FastifyRequest): TopicChangeContext => ({ actor: requireStaff(request), audit: services.audit });

  app.get('/topics', read, async () => ({
    topics: (await services.topics.listTopicsWithArticleCounts()).map(({ topic, articleCount }) => presentTopic(topic, articleCount)),
  }));

  app.patch('/topics/:id', write, async (request) => {
    const { id } = parseTopicInput(topicParamsSchema, request.params);
    const written = await services.topics.renameTopic(id, request.body, changeBy(request));
    request.changedKeys = written.changedKeys;
    return { topic: presentTopic(written.result) };
  });

  app.get('/articles/:id/topics', read, async (request) => {
    const { id } = parseTopicInput(articleTopicsParamsSchema, request.params);
    return { topics: (await services.topics.listArticleTopics(id)).map(presentArticleTopic) };
  });

  app.post('/articles/:id/topics', write, async (request, reply) => {
    const { id } = parseTopicInput(articleTopicsParamsSchema, request.params);
    const written = await services.topics.addTopicToArticle(id, request.body, changeBy(request));
    request.changedKeys = written.changedKeys;
    return reply.code(201).send({ topic: presentArticleTopic(written.result) });
  });

  app.delete('/articles/:id/topics/:topicId', write, async (request, reply) => {
    const { id, topicId } = parseTopicInput(articleTopicParamsSchema, request.params);
    const written = await services.topics.removeTopicFromArticle(id, topicId, changeBy(request));
    request.changedKeys = written.changedKeys;
    return reply.code(204).send();
  });
}
