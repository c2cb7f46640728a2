import { z } from 'zod';
import { fieldErrors } from '../platform/validation/zod-field-errors.js';
import { SLUG_PATTERN } from '../platform/slug.js';
import { tagErrors } from './tag-errors.js';

/** The shapes tags accept: field rules once, then service inputs (camelCase) and Admin API bodies (snake_case). */

const name = z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(100, { error: 'must be at most 100 characters' });
const slug = z
  .string({ error: 'must be a string' })
  .max(80, { error: 'must be at most 80 characters' })
  .regex(SLUG_PATTERN, { error: 'must be lowercase letters and digits joined by single hyphens, e.g. central-banks' });
const tagId = z.number({ error: 'must be a tag id' }).int({ error: 'must be a tag id' }).positive({ error: 'must be a tag id' });
const atLeastOne = (value: object) => Object.values(value).some((v) => v !== undefined);
const NOTHING_TO_CHANGE = { error: 'name at least one field to change', path: [] };

/** A new tag; its slug defaults to one made from the name. */
export const newTagSchema = z.strictObject({ name, slug: slug.optional() });
export type NewTagInput = z.input<typeof newTagSchema>;

/** Renaming keeps the slug (and so the tag page's URL) unless a new slug is given. */
export const tagChangeSchema = z.strictObject({ name: name.optional(), slug: slug.optional() }).refine(atLeastOne, NOTHING_TO_CHANGE);
export type TagChangeInput = z.input<typeof tagChangeSchema>;

export const tagMergeSchema = z.strictObject({ intoId: tagId });
export type TagMergeInput = z.input<typeof tagMergeSchema>;

/** Admin API request bodies. */
export const createTagBodySchema = newTagSchema;
export const updateTagBodySchema = tagChangeSchema;
export const mergeTagBodySchema = z.strictObject({ into_id: tagId });
export const tagParamsSchema = z.strictObject({
  id: z.string().regex(/^[1-9]\d{0,9}$/, { error: 'must be a tag id' }).transform(Number),
});

/** Parses `input` with `schema`, or throws TAG_INVALID (TAG_NAME_INVALID, TAG_SLUG_INVALID) naming each bad field. */
export function parseTagInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw tagErrors.invalid(fieldErrors(parsed.error));
}

