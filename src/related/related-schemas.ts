import { z } from 'zod';
import { fieldErrors } from '../platform/validation/zod-field-errors.js';
import { relatedErrors } from './related-errors.js';
import { MAX_EXCLUDES, MAX_PINS } from './related-service.js';

const articleId = z.number({ error: 'must be an article id' }).int({ error: 'must be an article id' }).positive({ error: 'must be an article id' });

export const relatedParamsSchema = z.strictObject({
  id: z.string().regex(/^[1-9]\d{0,9}$/, { error: 'must be an article id' }).transform(Number),
});

/** PUT …/related/pins: the stories shown first, in this order. */
export const pinsBodySchema = z.strictObject({ ids: z.array(articleId, { error: 'must be a list of article ids' }).max(MAX_PINS, { error: `must name at most ${MAX_PINS} stories` }) });
/** PUT …/related/excludes: the stories never shown. */
export const excludesBodySchema = z.strictObject({ ids: z.array(articleId, { error: 'must be a list of article ids' }).max(MAX_EXCLUDES, { error: `must name at most ${MAX_EXCLUDES} stories` }) });

/** Parses `input` with `schema`, or throws RELATED_INVALID naming each bad field. */
export function parseRelatedInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw relatedErrors.invalid(fieldErrors(parsed.error));
}
