import { AppError } from '../platform/errors/app-error.js';

/** Errors of the collections module, by stable code. Field names are the Admin API's snake_case. */
export const collectionErrors = {
  invalid: (fields: Record<string, string>) =>
    new AppError({
      code: 'COLLECTION_INVALID',
      status: 400,
      title: 'Invalid collection',
      detail: Object.entries(fields).map(([field, message]) => `${field}: ${message}`).join('; '),
      fields,
    }),
  notFound: (id: number) => new AppError({ code: 'COLLECTION_NOT_FOUND', status: 404, title: 'Collection not found', detail: `There is no collection ${id}.` }),
  exists: (name: string, sectionId: number | null) =>
    new AppError({
      code: 'COLLECTION_EXISTS',
      status: 409,
      title: 'Collection exists',
      detail: `A collection named "${name}" already exists ${sectionId === null ? 'site-wide' : `for section ${sectionId}`}; replace its items instead.`,
      fields: { name: 'is used by another collection in this scope' },
    }),
  unknownSection: (sectionId: number) =>
    new AppError({ code: 'COLLECTION_SECTION_UNKNOWN', status: 400, title: 'Unknown section', detail: `There is no section ${sectionId}.`, fields: { section_id: 'no such section' } }),
  unknownArticles: (fields: Record<string, string>) =>
    new AppError({
      code: 'COLLECTION_ARTICLE_UNKNOWN',
      status: 400,
      title: 'Unknown article',
      detail: Object.entries(fields).map(([field, message]) => `${field}: ${message}`).join('; '),
      fields,
    }),
};
