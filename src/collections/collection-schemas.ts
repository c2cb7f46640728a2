import { z } from 'zod';
import { fieldErrors } from '../platform/validation/zod-field-errors.js';
import { SLUG_PATTERN } from '../platform/slug.js';
import { collectionErrors } from './collection-errors.js';

/** Most items one collection holds. */
export const MAX_COLLECTION_ITEMS = 50;

const name = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(60, { error: 'must be at most 60 characters' })
  .regex(SLUG_PATTERN, { error: 'must be lowercase letters and digits joined by single hyphens, e.g. editors-picks' });
const id = (what: string) => z.number({ error: `must be ${what} id` }).int({ error: `must be ${what} id` }).positive({ error: `must be ${what} id` });
const item = z.strictObject({
  article_id: id('an article'),
  expires_at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-12-01T18:00:00Z' }).nullable().optional(),
});
const items = z
  .array(item, { error: 'must be a list of { article_id, expires_at? }' })
  .max(MAX_COLLECTION_ITEMS, { error: `must hold at most ${MAX_COLLECTION_ITEMS} items` })
  .superRefine((list, ctx) => {
    const seen = new Set<number>();
    list.forEach((entry, index) => {
      if (seen.has(entry.article_id)) ctx.addIssue({ code: 'custom', path: [index, 'article_id'], message: 'appears more than once in the collection' });
      seen.add(entry.article_id);
    });
  });

/** Admin API request bodies. */
export const createCollectionBodySchema = z.strictObject({ name, section_id: id('a section').nullable().optional(), items: items.optional() });
export const replaceItemsBodySchema = z.strictObject({ items });
export const collectionParamsSchema = z.strictObject({
  id: z.string().regex(/^[1-9]\d{0,9}$/, { error: 'must be a collection id' }).transform(Number),
});
export const listCollectionsQuerySchema = z.strictObject({ name: name.optional() });
export type CollectionItemsBody = z.output<typeof items>;

/** Parses `input` with `schema`, or throws COLLECTION_INVALID naming each bad field. */
export function parseCollectionInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw collectionErrors.invalid(fieldErrors(parsed.error));
}
