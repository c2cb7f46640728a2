import { z } from 'zod';
import { fieldErrors } from '../platform/validation/zod-field-errors.js';
import { SLUG_PATTERN } from '../platform/slug.js';
import { sectionErrors } from './section-errors.js';

/**
 * The shapes sections accept: field rules once, then the service's inputs (camelCase) and the
 * Admin API's request bodies (snake_case) built from them.
 */

const slug = z
  .string({ error: 'must be a string' })
  .max(80, { error: 'must be at most 80 characters' })
  .regex(SLUG_PATTERN, { error: 'must be lowercase letters and digits joined by single hyphens, e.g. central-asia' });
const name = z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(120, { error: 'must be at most 120 characters' });
const description = z.string({ error: 'must be a string' }).max(1000, { error: 'must be at most 1000 characters' });
const sectionId = z.number({ error: 'must be a section id' }).int({ error: 'must be a section id' }).positive({ error: 'must be a section id' });
const parentId = sectionId.nullable();
const position = z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must not be negative' }).max(1_000_000, { error: 'is too large' });
const orderedIds = z
  .array(sectionId, { error: 'must be a list of section ids' })
  .min(1, { error: 'must name at least one section' })
  .max(1000, { error: 'must name at most 1000 sections' })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'must not repeat a section' });
const atLeastOne = (value: object) => Object.values(value).some((v) => v !== undefined);
const NOTHING_TO_CHANGE = { error: 'name at least one field to change', path: [] };

export const newSectionSchema = z.strictObject({
  /** Where the section goes: a parent id (null or absent: top level)… */
  parentId: parentId.optional(),
  /** …or a parent path, as the demo seeder and tests name parents. */
  parentPath: z.string().max(500).optional(),
  slug,
  name,
  description: description.optional(),
  /** Place among its siblings; default: after the last one. */
  position: position.optional(),
});
export type NewSectionInput = z.input<typeof newSectionSchema>;

export const sectionChangeSchema = z.strictObject({ slug: slug.optional(), name: name.optional(), description: description.optional() }).refine(atLeastOne, NOTHING_TO_CHANGE);
export type SectionChangeInput = z.input<typeof sectionChangeSchema>;

export const sectionMoveSchema = z.strictObject({ parentId, position: position.optional() });
export type SectionMoveInput = z.input<typeof sectionMoveSchema>;

export const sectionOrderSchema = z.strictObject({ parentId, ids: orderedIds });
export type SectionOrderInput = z.input<typeof sectionOrderSchema>;

/** Admin API request bodies. */
export const createSectionBodySchema = z.strictObject({ parent_id: parentId.optional(), slug, name, description: description.optional(), position: position.optional() });
export const updateSectionBodySchema = z.strictObject({ slug: slug.optional(), name: name.optional(), description: description.optional() }).refine(atLeastOne, NOTHING_TO_CHANGE);
export const moveSectionBodySchema = z.strictObject({ parent_id: parentId, position: position.optional() });
export const orderSectionsBodySchema = z.strictObject({ parent_id: parentId, ids: orderedIds });
export const sectionParamsSchema = z.strictObject({
  id: z.string().regex(/^[1-9]\d{0,9}$/, { error: 'must be a section id' }).transform(Number),
});

/** Parses `input` with `schema`, or throws SECTION_INVALID / SECTION_SLUG_INVALID naming each bad field. */
export function parseSectionInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw sectionErrors.invalid(fieldErrors(parsed.error));
}

