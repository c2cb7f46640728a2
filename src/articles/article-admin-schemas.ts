import { z } from 'zod';
import { ARTICLE_STATUSES } from './article.js';
import { articleErrors } from './article-errors.js';

/** Admin API request shapes for articles: path parameters, list query, and the envelopes around service inputs. */

const idParam = (what: string) => z.string().regex(/^[1-9]\d{0,9}$/, { error: `must be ${what}` }).transform(Number);
const version = z.number({ error: 'must be the version number you edited' }).int({ error: 'must be a whole number' }).positive({ error: 'must be positive' });

export const articleParamsSchema = z.strictObject({ id: idParam('an article id') });
export const restoreParamsSchema = z.strictObject({ id: idParam('an article id'), version: idParam('a revision version') });
export const diffParamsSchema = z.strictObject({ id: idParam('an article id'), a: idParam('a revision version'), b: idParam('a revision version') });

export const listQuerySchema = z.strictObject({
  status: z.enum(ARTICLE_STATUSES, { error: `must be one of ${ARTICLE_STATUSES.join(', ')}` }).optional(),
  section: idParam('a section id').optional(),
  author: idParam('an author id').optional(),
  q: z.string().trim().max(200, { error: 'must be at most 200 characters' }).optional(),
  trashed: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true').optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1, { error: 'must be 1 to 100' }).max(100, { error: 'must be 1 to 100' }).default(20),
  cursor: z.string().max(200).optional(),
});

/** A save: the version edited, beside the fields (which the service validates). */
export const saveBodySchema = z.looseObject({ version });
/** A transition may name the version it acts on; without one, the current version is used. */
export const transitionBodySchema = z.strictObject({ version: version.optional() });
/** Schedule: the version beside the schedule fields (validated by the service). */
export const scheduleBodySchema = z.looseObject({ version: version.optional() });
export const slugBodySchema = z.strictObject({ slug: z.unknown(), version: version.optional() });
export const correctionBodySchema = z.strictObject({ body: z.unknown(), version: version.optional() });
export const lockBodySchema = z.strictObject({ take_over: z.boolean({ error: 'must be true or false' }).optional() });

/** Keyset position of the newsroom list, opaque to clients. */
export interface AdminCursor {
  updatedAt: string;
  id: number;
}

export function encodeAdminCursor(cursor: AdminCursor): string {
  return Buffer.from(JSON.stringify([cursor.updatedAt, cursor.id])).toString('base64url');
}

/** Reads a cursor from `encodeAdminCursor`; anything else is ARTICLE_INVALID naming `cursor`. */
export function decodeAdminCursor(text: string): AdminCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && Number.isInteger(value[1])) return { updatedAt: value[0], id: value[1] as number };
  } catch {
    // fall through to the error below
  }
  throw articleErrors.invalid({ cursor: 'is not a cursor from this list' });
}
