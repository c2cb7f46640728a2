import { AppError } from '../platform/errors/app-error.js';

/** Errors of the articles module, by stable code. */
export const articleErrors = {
  invalid: (fields: Record<string, string>) =>
    new AppError({
      code: 'ARTICLE_INVALID',
      status: 400,
      title: 'Invalid article',
      detail: Object.entries(fields).map(([field, message]) => `${field}: ${message}`).join('; '),
      fields,
    }),
  slugTaken: (slug: string) =>
    new AppError({ code: 'ARTICLE_SLUG_TAKEN', status: 409, title: 'Slug already used', detail: `The slug "${slug}" is already used by another article or one of its old URLs.` }),
  notFound: (id: number | string) =>
    new AppError({ code: 'ARTICLE_NOT_FOUND', status: 404, title: 'Article not found', detail: `No article ${id}.` }),
};
