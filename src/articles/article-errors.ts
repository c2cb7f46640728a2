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
  /** A save or transition named a version that is no longer current; `current` is the article as it is now. */
  staleVersion: (expected: number, current: { version: number } & Record<string, unknown>) =>
    new AppError({
      code: 'ARTICLE_STALE_VERSION',
      status: 409,
      title: 'Article changed meanwhile',
      detail: `You edited version ${expected}, but the article is now at version ${current.version}. Reload it and apply your changes again.`,
      extra: { current },
    }),
  invalidTransition: (action: string, status: string) =>
    new AppError({ code: 'ARTICLE_INVALID_TRANSITION', status: 409, title: 'Not possible in this state', detail: `An article that is ${status} cannot be given "${action}".` }),
  inTrash: (id: number) =>
    new AppError({ code: 'ARTICLE_IN_TRASH', status: 409, title: 'Article is in the trash', detail: `Article ${id} is in the trash; restore it first.` }),
  notInTrash: (id: number) =>
    new AppError({ code: 'ARTICLE_NOT_IN_TRASH', status: 409, title: 'Article is not in the trash', detail: `Article ${id} must be moved to the trash before it can be deleted for good.` }),
  leadImageAltMissing: () =>
    new AppError({
      code: 'ARTICLE_LEAD_IMAGE_ALT_MISSING',
      status: 422,
      title: 'Lead image needs alt text',
      detail: 'An article cannot be published or scheduled while its lead image has no alt text.',
      fields: { 'lead_image.alt': 'is required before publishing' },
    }),
  embargoed: (until: string) =>
    new AppError({ code: 'ARTICLE_EMBARGOED', status: 409, title: 'Article is under embargo', detail: `It may not be published before ${until}; schedule it for then instead.`, fields: { embargo_until: `is ${until}` } }),
  revisionNotFound: (id: number, version: number) =>
    new AppError({ code: 'ARTICLE_REVISION_NOT_FOUND', status: 404, title: 'Revision not found', detail: `Article ${id} has no revision ${version}.` }),
  locked: (holder: Record<string, unknown>) =>
    new AppError({
      code: 'ARTICLE_LOCKED',
      status: 409,
      title: 'Someone else is editing',
      detail: `${String(holder.user_name)} has this article open. An editor may take it over explicitly.`,
      extra: { lock: holder },
    }),
};
