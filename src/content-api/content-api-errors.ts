import { AppError } from '../platform/errors/app-error.js';

/** Errors of the Content API, by stable code. They reach clients as RFC 9457 problem details. */
export const contentApiErrors = {
  keyMissing: () =>
    new AppError({
      code: 'CONTENT_KEY_MISSING',
      status: 401,
      title: 'Content key required',
      detail: 'Give your content key as the "key" query parameter, the X-Content-Key header, or "Authorization: Bearer <key>".',
    }),
  keyInvalid: (detail = 'The content key is not valid or has been revoked.') =>
    new AppError({ code: 'CONTENT_KEY_INVALID', status: 401, title: 'Invalid content key', detail }),
  invalidRequest: (fields: Record<string, string>) =>
    new AppError({
      code: 'INVALID_REQUEST',
      status: 400,
      title: 'Invalid request',
      detail: Object.entries(fields).map(([field, message]) => `${field}: ${message}`).join('; '),
      fields,
    }),
  invalidCursor: () =>
    new AppError({
      code: 'INVALID_CURSOR',
      status: 400,
      title: 'Invalid cursor',
      detail: 'The cursor is not one this API gave out. Use meta.next_cursor of a previous page unchanged.',
      fields: { cursor: 'invalid' },
    }),
  searchThrottled: (seconds: number) =>
    new AppError({
      code: 'SEARCH_RATE_LIMITED',
      status: 429,
      title: 'Too many searches',
      detail: `This address ran more searches in the last minute than SEARCH_PER_MINUTE allows. Try again in ${seconds} seconds.`,
      extra: { retry_after: seconds },
    }),
  unknownSection: (path: string) =>
    new AppError({ code: 'UNKNOWN_SECTION', status: 400, title: 'Unknown section', detail: `There is no section "${path}".`, fields: { section: 'unknown' } }),
  unknownTag: (slug: string) =>
    new AppError({ code: 'UNKNOWN_TAG', status: 400, title: 'Unknown tag', detail: `There is no tag "${slug}".`, fields: { tag: 'unknown' } }),
  unknownAuthor: (slug: string) =>
    new AppError({ code: 'UNKNOWN_AUTHOR', status: 400, title: 'Unknown author', detail: `There is no author "${slug}".`, fields: { author: 'unknown' } }),
  articleNotFound: (idOrSlug: string) =>
    new AppError({ code: 'ARTICLE_NOT_FOUND', status: 404, title: 'Article not found', detail: `No published article "${idOrSlug}".` }),
  articleGone: (idOrSlug: string) =>
    new AppError({ code: 'ARTICLE_GONE', status: 410, title: 'Article gone', detail: `The article "${idOrSlug}" has been taken down.` }),
  authorNotFound: (slug: string) =>
    new AppError({ code: 'AUTHOR_NOT_FOUND', status: 404, title: 'Author not found', detail: `No author "${slug}".` }),
  pageNotFound: (slug: string) =>
    new AppError({ code: 'PAGE_NOT_FOUND', status: 404, title: 'Page not found', detail: `No published page "${slug}".` }),
};

/** Shortens user input quoted back in an error detail. */
export function quote(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}
