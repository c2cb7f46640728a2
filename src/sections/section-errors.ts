import { AppError } from '../platform/errors/app-error.js';

/** Errors of the sections module, by stable code. Field names are the Admin API's snake_case. */
export const sectionErrors = {
  /** Bad input; SECTION_SLUG_INVALID when the slug is among the bad fields, SECTION_INVALID otherwise. */
  invalid: (fields: Record<string, string>) =>
    new AppError({
      code: fields.slug ? 'SECTION_SLUG_INVALID' : 'SECTION_INVALID',
      status: 400,
      title: fields.slug ? 'Invalid section slug' : 'Invalid section',
      detail: describeFields(fields),
      fields,
    }),
  notFound: (id: number) =>
    new AppError({ code: 'SECTION_NOT_FOUND', status: 404, title: 'Section not found', detail: `There is no section ${id}.` }),
  parentNotFound: (parent: string | number, field: 'parent_id' | 'parent_path' = 'parent_id') =>
    new AppError({ code: 'SECTION_PARENT_NOT_FOUND', status: 400, title: 'Parent section not found', detail: `The parent section "${parent}" does not exist.`, fields: { [field]: 'no such section' } }),
  pathTaken: (path: string) =>
    new AppError({ code: 'SECTION_PATH_TAKEN', status: 409, title: 'Section already exists', detail: `A section at "${path}" already exists.`, fields: { slug: `another section already has the path "${path}"` } }),
  cycle: (name: string) =>
    new AppError({ code: 'SECTION_CYCLE', status: 400, title: 'A section cannot be its own ancestor', detail: `"${name}" cannot move under itself or one of its own subsections.`, fields: { parent_id: 'is the section itself or one of its subsections' } }),
  notEmpty: (name: string, articleCount: number) =>
    new AppError({
      code: 'SECTION_NOT_EMPTY',
      status: 409,
      title: 'Section still has articles',
      detail: `"${name}" and its subsections still hold ${articleCount} ${articleCount === 1 ? 'article' : 'articles'} (as primary or secondary section). Move ${articleCount === 1 ? 'it' : 'them'} first.`,
    }),
  hasChildren: (name: string, childCount: number) =>
    new AppError({ code: 'SECTION_HAS_CHILDREN', status: 409, title: 'Section has subsections', detail: `"${name}" still has ${childCount} ${childCount === 1 ? 'subsection' : 'subsections'}. Move or delete ${childCount === 1 ? 'it' : 'them'} first.` }),
  orderInvalid: (detail: string) =>
    new AppError({ code: 'SECTION_ORDER_INVALID', status: 400, title: 'Invalid section order', detail, fields: { ids: detail } }),
};

function describeFields(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join('; ');
}
