import { AppError } from '../platform/errors/app-error.js';

/** Errors of the topics module, by stable code. Field names are the Admin API's snake_case. */
export const tagErrors = {
  /** Bad input: TAG_NAME_INVALID or TAG_SLUG_INVALID when that field is bad, TAG_INVALID otherwise. */
  invalid: (fields: Record<string, string>) =>
    new AppError({
      code: fields.name ? 'TAG_NAME_INVALID' : fields.slug ? 'TAG_SLUG_INVALID' : 'TAG_INVALID',
      status: 400,
      title: 'Invalid tag',
      detail: Object.entries(fields).map(([field, message]) => `${field}: ${message}`).join('; '),
      fields,
    }),
  slugTaken: (slug: string) =>
    new AppError({ code: 'TAG_SLUG_TAKEN', status: 409, title: 'Tag slug taken', detail: `A tag with slug "${slug}" already exists; merge into it instead.`, fields: { slug: 'is used by another tag' } }),
  notFound: (id: number) => new AppError({ code: 'TAG_NOT_FOUND', status: 404, title: 'Tag not found', detail: `There is no tag ${id}.` }),
  mergeIntoSelf: () =>
    new AppError({ code: 'TAG_MERGE_SELF', status: 400, title: 'Cannot merge a tag into itself', detail: 'Choose another tag to merge into.', fields: { into_id: 'is the tag being merged' } }),
  mergeTargetNotFound: (id: number) =>
    new AppError({ code: 'TAG_MERGE_TARGET_NOT_FOUND', status: 400, title: 'Merge target not found', detail: `There is no tag ${id} to merge into.`, fields: { into_id: 'no such tag' } }),
};
