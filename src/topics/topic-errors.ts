import { AppError } from '../platform/errors/app-error.js';

/** Errors of detected topics, by stable code. Field names are the Admin API's snake_case. */
export const topicErrors = {
  invalid: (fields: Record<string, string>) =>
    new AppError({
      code: 'TOPIC_INVALID',
      status: 400,
      title: 'Invalid topic',
      detail: Object.entries(fields).map(([field, message]) => `${field}: ${message}`).join('; '),
      fields,
    }),
  notFound: (id: number) => new AppError({ code: 'TOPIC_NOT_FOUND', status: 404, title: 'Topic not found', detail: `There is no topic ${id}.` }),
  articleNotFound: (id: number) => new AppError({ code: 'ARTICLE_NOT_FOUND', status: 404, title: 'Article not found', detail: `There is no article ${id}.` }),
  notOnArticle: (topicId: number, articleId: number) =>
    new AppError({ code: 'TOPIC_NOT_ON_ARTICLE', status: 404, title: 'Topic not on this article', detail: `Article ${articleId} does not show topic ${topicId}.` }),
  alreadyOnArticle: (name: string) =>
    new AppError({ code: 'TOPIC_ALREADY_ON_ARTICLE', status: 409, title: 'Topic already shown', detail: `The article already shows "${name}".`, fields: { name: 'is already a topic of this article' } }),
  slugTaken: (slug: string) =>
    new AppError({ code: 'TOPIC_SLUG_TAKEN', status: 409, title: 'Topic slug taken', detail: `Another topic has the slug "${slug}".`, fields: { slug: 'is used by another topic' } }),
};
