import { AppError } from '../platform/errors/app-error.js';

/** Errors of the pages module, by stable code. Field names are the Admin API's snake_case. */
export const pageErrors = {
  /** Bad input; PAGE_SLUG_INVALID when the slug is among the bad fields, PAGE_INVALID otherwise. */
  invalid: (fields: Record<string, string>) =>
    new AppError({
      code: fields.slug ? 'PAGE_SLUG_INVALID' : 'PAGE_INVALID',
      status: 400,
      title: fields.slug ? 'Invalid page slug' : 'Invalid page',
      detail: Object.entries(fields).map(([field, message]) => `${field}: ${message}`).join('; '),
      fields,
    }),
  slugTaken: (slug: string) =>
    new AppError({ code: 'PAGE_SLUG_TAKEN', status: 409, title: 'Page slug taken', detail: `A page with slug "${slug}" already exists.`, fields: { slug: 'is used by another page' } }),
  notFound: (id: number) => new AppError({ code: 'PAGE_NOT_FOUND', status: 404, title: 'Page not found', detail: `There is no page ${id}.` }),
};
