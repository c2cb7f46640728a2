import { AppError } from '../platform/errors/app-error.js';

/** Errors of the authors module, by stable code. Field names are the Admin API's snake_case. */
export const authorErrors = {
  /** Bad input; AUTHOR_SLUG_INVALID when the slug is among the bad fields, AUTHOR_INVALID otherwise. */
  invalid: (fields: Record<string, string>) =>
    new AppError({
      code: fields.slug ? 'AUTHOR_SLUG_INVALID' : 'AUTHOR_INVALID',
      status: 400,
      title: fields.slug ? 'Invalid author slug' : 'Invalid author',
      detail: Object.entries(fields).map(([field, message]) => `${field}: ${message}`).join('; '),
      fields,
    }),
  slugTaken: (slug: string) =>
    new AppError({ code: 'AUTHOR_SLUG_TAKEN', status: 409, title: 'Author slug taken', detail: `An author with slug "${slug}" already exists.`, fields: { slug: 'is used by another author' } }),
  notFound: (id: number) =>
    new AppError({ code: 'AUTHOR_NOT_FOUND', status: 404, title: 'Author not found', detail: `There is no author ${id}.` }),
  hasArticles: (name: string, articleCount: number) =>
    new AppError({
      code: 'AUTHOR_HAS_ARTICLES',
      status: 409,
      title: 'Author has bylines',
      detail: `${name} is in the byline of ${articleCount} ${articleCount === 1 ? 'article' : 'articles'}. Remove the byline from ${articleCount === 1 ? 'it' : 'them'} first.`,
    }),
};
