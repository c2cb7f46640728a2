import { AppError } from '../platform/errors/app-error.js';

/** Errors of the sections module, by stable code. */
export const sectionErrors = {
  invalidSlug: (slug: string) =>
    new AppError({ code: 'SECTION_SLUG_INVALID', status: 400, title: 'Invalid section slug', detail: `Section slug "${slug}" must be lowercase letters and digits joined by single hyphens.`, fields: { slug: 'invalid' } }),
  parentNotFound: (path: string) =>
    new AppError({ code: 'SECTION_PARENT_NOT_FOUND', status: 400, title: 'Parent section not found', detail: `The parent section "${path}" does not exist.` }),
  pathTaken: (path: string) =>
    new AppError({ code: 'SECTION_PATH_TAKEN', status: 409, title: 'Section already exists', detail: `A section at "${path}" already exists.` }),
};
