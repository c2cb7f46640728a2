import { z } from 'zod';
import { mediaErrors } from './media-errors.js';

/** The one source of truth for media requests: the service validates details with these, the routes the rest. */

export const MAX_MEDIA_PAGE_SIZE = 100;
export const DEFAULT_MEDIA_PAGE_SIZE = 30;

/** Limits match the image attributes articles store (src/rich-text), so a media item always fits there. */
const alt = z.string({ error: 'must be text' }).trim().max(1000, { error: 'must be at most 1000 characters' });
/** Empty text clears a caption or credit. */
const optionalText = (max: number) =>
  z
    .string({ error: 'must be text or null' })
    .trim()
    .max(max, { error: `must be at most ${max} characters` })
    .nullable()
    .transform((value) => (value ? value : null));

export const mediaDetailsSchema = z.strictObject({
  alt: alt.optional(),
  caption: optionalText(2000).optional(),
  credit: optionalText(500).optional(),
});
export type MediaDetailsInput = z.input<typeof mediaDetailsSchema>;

export const mediaUpdateSchema = mediaDetailsSchema.refine((value) => Object.keys(value).length > 0, { error: 'give at least one of alt, caption, credit', path: ['request'] });

const LIMIT_MESSAGE = `must be a whole number from 1 to ${MAX_MEDIA_PAGE_SIZE}`;

export const listMediaQuerySchema = z.strictObject({
  q: z.string({ error: 'must be given once' }).trim().max(200, { error: 'is too long' }).optional(),
  cursor: z.string({ error: 'must be given once' }).regex(/^[1-9]\d{0,9}$/, { error: 'must be next_cursor from the previous page' }).optional(),
  limit: z
    .preprocess(
      (value) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value),
      z.number({ error: LIMIT_MESSAGE }).int({ error: LIMIT_MESSAGE }).min(1, { error: LIMIT_MESSAGE }).max(MAX_MEDIA_PAGE_SIZE, { error: LIMIT_MESSAGE }),
    )
    .default(DEFAULT_MEDIA_PAGE_SIZE),
  mine: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
});

export const mediaIdParamsSchema = z.strictObject({
  id: z.string().regex(/^[1-9]\d{0,9}$/).transform(Number),
});

/** Validates `input`; every problem becomes one 400 MEDIA_FIELDS_INVALID naming each field. */
export function parseMediaInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[key.slice(0, 100)] = 'is not a known field';
    } else {
      fields[issue.path.map(String).join('.') || 'request'] ??= issue.message;
    }
  }
  throw mediaErrors.invalidFields(fields);
}
