import { AppError } from '../platform/errors/app-error.js';

/** Errors of related stories, by stable code. Field names are the Admin API's snake_case. */
export const relatedErrors = {
  invalid: (fields: Record<string, string>) =>
    new AppError({
      code: 'RELATED_INVALID',
      status: 400,
      title: 'Invalid related-stories request',
      detail: Object.entries(fields).map(([field, message]) => `${field}: ${message}`).join('; '),
      fields,
    }),
  articleNotFound: (id: number) => new AppError({ code: 'RELATED_ARTICLE_NOT_FOUND', status: 404, title: 'Article not found', detail: `There is no article ${id}.` }),
  self: (field: string, id: number) =>
    new AppError({ code: 'RELATED_SELF', status: 400, title: 'A story cannot be related to itself', detail: `Article ${id} is the article whose Related list this is.`, fields: { [field]: `must not name article ${id} itself` } }),
  storyNotFound: (field: string, ids: number[]) =>
    new AppError({ code: 'RELATED_STORY_NOT_FOUND', status: 400, title: 'Story not found', detail: `There is no article ${ids.join(', ')}.`, fields: { [field]: `no article ${ids.join(', ')}` } }),
  notPublished: (ids: number[]) =>
    new AppError({
      code: 'RELATED_PIN_NOT_PUBLISHED',
      status: 422,
      title: 'Only published stories can be pinned',
      detail: `Article ${ids.join(', ')} is not published; readers could not open it from Related.`,
      fields: { ids: `article ${ids.join(', ')} is not published` },
    }),
};
