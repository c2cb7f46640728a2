import { z } from 'zod';
import { fieldErrors } from '../platform/validation/zod-field-errors.js';
import { SLUG_PATTERN } from '../platform/slug.js';
import { TOPIC_KINDS } from './topic.js';
import { topicErrors } from './topic-errors.js';

const name = z
  .string({ error: 'must be a string' })
  .trim()
  .min(2, { error: 'must have at least 2 characters' })
  .max(100, { error: 'must be at most 100 characters' })
  .regex(/[\p{L}\p{N}]/u, { error: 'must contain a letter or digit' });
const slug = z
  .string({ error: 'must be a string' })
  .max(80, { error: 'must be at most 80 characters' })
  .regex(SLUG_PATTERN, { error: 'must be lowercase letters and digits joined by single hyphens, e.g. tony-blair' });
const kind = z.enum(TOPIC_KINDS, { error: `must be one of ${TOPIC_KINDS.join(', ')}` });
const id = (what: string) => z.string().regex(/^[1-9]\d{0,9}$/, { error: `must be ${what} id` }).transform(Number);

/** Admin API request shapes. */
export const addTopicBodySchema = z.strictObject({ name, kind });
export const renameTopicBodySchema = z
  .strictObject({ name: name.optional(), slug: slug.optional() })
  .refine((value) => value.name !== undefined || value.slug !== undefined, { error: 'name at least one field to change (name, slug)', path: [] });
export const articleTopicsParamsSchema = z.strictObject({ id: id('an article') });
export const articleTopicParamsSchema = z.strictObject({ id: id('an article'), topicId: id('a topic') });
export const topicParamsSchema = z.strictObject({ id: id('a topic') });
export type AddTopicInput = z.output<typeof addTopicBodySchema>;
export type RenameTopicInput = z.output<typeof renameTopicBodySchema>;

/** Parses `input` with `schema`, or throws TOPIC_INVALID naming each bad field. */
export function parseTopicInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw topicErrors.invalid(fieldErrors(parsed.error));
}
