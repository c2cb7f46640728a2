import { z } from 'zod';
import { isWebUrl } from '../platform/validation/web-url.js';
import { fieldErrors } from '../platform/validation/zod-field-errors.js';
import { SLUG_PATTERN } from '../platform/slug.js';
import { authorErrors } from './author-errors.js';

/** The shapes authors accept: field rules once, then service inputs (camelCase) and Admin API bodies (snake_case). */

const slug = z
  .string({ error: 'must be a string' })
  .max(80, { error: 'must be at most 80 characters' })
  .regex(SLUG_PATTERN, { error: 'must be lowercase letters and digits joined by single hyphens, e.g. ada-lovelace' });
const name = z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(120, { error: 'must be at most 120 characters' });
const bio = z.string({ error: 'must be a string' }).max(5000, { error: 'must be at most 5000 characters' });
const photoUrl = z
  .string({ error: 'must be a URL or null' })
  .trim()
  .max(2048, { error: 'must be at most 2048 characters' })
  .refine(isWebUrl, { error: 'must be an http(s) URL or a site-relative path such as /media/photo.jpg' })
  .nullable();
const atLeastOne = (value: object) => Object.values(value).some((v) => v !== undefined);
const NOTHING_TO_CHANGE = { error: 'name at least one field to change', path: [] };

export const newAuthorSchema = z.strictObject({ slug, name, bio: bio.optional(), photoUrl: photoUrl.optional() });
export type NewAuthorInput = z.input<typeof newAuthorSchema>;

export const authorChangeSchema = z.strictObject({ slug: slug.optional(), name: name.optional(), bio: bio.optional(), photoUrl: photoUrl.optional() }).refine(atLeastOne, NOTHING_TO_CHANGE);
export type AuthorChangeInput = z.input<typeof authorChangeSchema>;

/** Admin API request bodies. */
export const createAuthorBodySchema = z.strictObject({ slug, name, bio: bio.optional(), photo_url: photoUrl.optional() });
export const updateAuthorBodySchema = z.strictObject({ slug: slug.optional(), name: name.optional(), bio: bio.optional(), photo_url: photoUrl.optional() }).refine(atLeastOne, NOTHING_TO_CHANGE);
export const authorParamsSchema = z.strictObject({
  id: z.string().regex(/^[1-9]\d{0,9}$/, { error: 'must be an author id' }).transform(Number),
});

/** Parses `input` with `schema`, or throws AUTHOR_INVALID / AUTHOR_SLUG_INVALID naming each bad field. */
export function parseAuthorInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw authorErrors.invalid(fieldErrors(parsed.error));
}


