import { z } from 'zod';
import { fieldErrors } from '../platform/validation/zod-field-errors.js';
import { SLUG_PATTERN } from '../platform/slug.js';
import { richTextDocumentSchema } from '../rich-text/index.js';
import { pageErrors } from './page-errors.js';

/** Slugs a static page may not take because the site's own routes use them. */
export const RESERVED_PAGE_SLUGS = new Set(['articles', 'authors', 'tags', 'search', 'api', 'admin', 'assets', 'media', 'healthz', 'readyz', 'feeds', 'sitemap', 'robots', 'beacon']);

/** The shapes static pages accept: field rules once, then service inputs (camelCase) and Admin API bodies (snake_case). */

const slug = z
  .string({ error: 'must be a string' })
  .max(80, { error: 'must be at most 80 characters' })
  .regex(SLUG_PATTERN, { error: 'must be lowercase letters and digits joined by single hyphens, e.g. about-us' })
  .refine((value) => !RESERVED_PAGE_SLUGS.has(value), { error: `is used by the site itself; not one of: ${[...RESERVED_PAGE_SLUGS].join(', ')}` });
const title = z.string({ error: 'must be a string' }).trim().min(1, { error: 'must not be empty' }).max(200, { error: 'must be at most 200 characters' });
const bodyMarkdown = z.string({ error: 'must be a string of Markdown' }).max(200_000, { error: 'must be at most 200000 characters' });
const status = z.enum(['draft', 'published'], { error: 'must be draft or published' });
const atLeastOne = (value: object) => Object.values(value).some((v) => v !== undefined);
const NOTHING_TO_CHANGE = { error: 'name at least one field to change', path: [] };
const notBothBodies = (value: { body?: unknown; bodyMarkdown?: unknown; body_markdown?: unknown }) =>
  value.body === undefined || (value.bodyMarkdown === undefined && value.body_markdown === undefined);
const ONE_BODY = { error: 'give either body (a document) or body_markdown, not both', path: ['body'] };
const hasBody = (value: { body?: unknown; bodyMarkdown?: unknown; body_markdown?: unknown }) =>
  value.body !== undefined || value.bodyMarkdown !== undefined || value.body_markdown !== undefined;
const BODY_REQUIRED = { error: 'is required: a document, or body_markdown', path: ['body'] };

/** A new page; its body is a rich-text document or Markdown. Default status: published. */
export const newPageSchema = z
  .strictObject({ slug, title, body: richTextDocumentSchema.optional(), bodyMarkdown: bodyMarkdown.optional(), status: status.optional() })
  .refine(notBothBodies, ONE_BODY)
  .refine(hasBody, BODY_REQUIRED);
export type NewPageInput = z.input<typeof newPageSchema>;

/** Changes to a page; `status` publishes or unpublishes it. */
export const pageChangeSchema = z
  .strictObject({ slug: slug.optional(), title: title.optional(), body: richTextDocumentSchema.optional(), bodyMarkdown: bodyMarkdown.optional(), status: status.optional() })
  .refine(atLeastOne, NOTHING_TO_CHANGE)
  .refine(notBothBodies, ONE_BODY);
export type PageChangeInput = z.input<typeof pageChangeSchema>;

/** Admin API request bodies. */
export const createPageBodySchema = z
  .strictObject({ slug, title, body: richTextDocumentSchema.optional(), body_markdown: bodyMarkdown.optional(), status: status.optional() })
  .refine(notBothBodies, ONE_BODY)
  .refine(hasBody, BODY_REQUIRED);
export const updatePageBodySchema = z
  .strictObject({ slug: slug.optional(), title: title.optional(), body: richTextDocumentSchema.optional(), body_markdown: bodyMarkdown.optional(), status: status.optional() })
  .refine(atLeastOne, NOTHING_TO_CHANGE)
  .refine(notBothBodies, ONE_BODY);
export const pageParamsSchema = z.strictObject({
  id: z.string().regex(/^[1-9]\d{0,9}$/, { error: 'must be a page id' }).transform(Number),
});

/** Parses `input` with `schema`, or throws PAGE_INVALID / PAGE_SLUG_INVALID naming each bad field. */
export function parsePageInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw pageErrors.invalid(fieldErrors(parsed.error));
}

