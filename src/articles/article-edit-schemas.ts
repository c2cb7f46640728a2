import { z } from 'zod';
import { fieldErrors } from '../platform/validation/zod-field-errors.js';
import { SLUG_PATTERN } from '../platform/slug.js';
import { htmlToDocument, imageAttrsSchema, markdownToDocument, richTextDocumentSchema } from '../rich-text/index.js';
import type { RichTextDocument } from '../rich-text/index.js';
import { articleErrors } from './article-errors.js';
import type { ArticleSnapshot } from './article-snapshot.js';

/**
 * What the newsroom may send when it creates or edits an article, in the Admin API's
 * snake_case. The body comes as a document (`body`), as Markdown (`body_markdown`) or as HTML
 * (`body_html`, sanitised through an allowlist); all three end as a validated document.
 */

const optionalText = (max: number) => z.string({ error: 'must be a string or null' }).trim().max(max, { error: `must be at most ${max} characters` }).nullable();
const id = z.number({ error: 'must be an id' }).int({ error: 'must be an id' }).positive({ error: 'must be an id' });
const ids = (max: number) => z.array(id, { error: 'must be a list of ids' }).max(max, { error: `must have at most ${max} entries` });
const isoTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-06-01T09:00:00Z' });

export const slugSchema = z
  .string({ error: 'must be a string' })
  .max(120, { error: 'must be at most 120 characters' })
  .regex(SLUG_PATTERN, { error: 'must be lowercase letters and digits joined by single hyphens' });

const editableShape = {
  kicker: optionalText(80),
  headline: z.string({ error: 'must be a string' }).trim().min(1, { error: 'is required' }).max(300, { error: 'must be at most 300 characters' }),
  dek: z.string({ error: 'must be a string' }).trim().max(600, { error: 'must be at most 600 characters' }),
  seo_title: optionalText(300),
  seo_description: optionalText(600),
  social_title: optionalText(300),
  social_description: optionalText(600),
  body: richTextDocumentSchema,
  body_markdown: z.string({ error: 'must be a string' }).max(500_000, { error: 'is too long' }),
  body_html: z.string({ error: 'must be a string' }).max(1_000_000, { error: 'is too long' }),
  lead_image: imageAttrsSchema.nullable(),
  dateline: optionalText(100),
  primary_section_id: id,
  secondary_section_ids: ids(20),
  author_ids: ids(20),
  tag_ids: ids(50),
  embargo_until: isoTime.nullable(),
};

const oneBodyAtMost = (value: { body?: unknown; body_markdown?: unknown; body_html?: unknown }) =>
  [value.body, value.body_markdown, value.body_html].filter((b) => b !== undefined).length <= 1;
const ONE_BODY = { error: 'send only one of body, body_markdown and body_html', path: ['body'] };

/** A save: any editable field; the version travels beside it. */
export const articleChangesSchema = z.strictObject(editableShape).partial().refine(oneBodyAtMost, ONE_BODY);

/** A new draft: a headline and a section at least. */
export const newDraftSchema = z
  .strictObject({ ...editableShape, slug: slugSchema })
  .partial()
  .required({ headline: true, primary_section_id: true })
  .refine(oneBodyAtMost, ONE_BODY);

/** Fields of a save, converted to snapshot values (body documents built, times normalised). */
export type ArticleChanges = Partial<Pick<ArticleSnapshot,
  'kicker' | 'headline' | 'dek' | 'seo_title' | 'seo_description' | 'social_title' | 'social_description' | 'body' |
  'lead_image' | 'dateline' | 'primary_section_id' | 'secondary_section_ids' | 'author_ids' | 'tag_ids' | 'embargo_until'>>;

/** Validates a save's fields; throws ARTICLE_INVALID naming each bad field. */
export function parseArticleChanges(input: unknown): ArticleChanges {
  return toChanges(parseArticleInput(articleChangesSchema, input));
}

/** Validates a new draft; throws ARTICLE_INVALID naming each bad field. */
export function parseNewDraft(input: unknown): { slug: string | undefined; changes: ArticleChanges & Pick<ArticleSnapshot, 'headline' | 'primary_section_id'> } {
  const parsed = parseArticleInput(newDraftSchema, input);
  const { slug, ...rest } = parsed;
  return { slug, changes: { ...toChanges(rest), headline: parsed.headline, primary_section_id: parsed.primary_section_id } };
}

/** Parses `input` with `schema`, or throws ARTICLE_INVALID with `{ field: message }`. */
export function parseArticleInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw articleErrors.invalid(fieldErrors(parsed.error));
}


function toChanges(parsed: z.output<typeof articleChangesSchema>): ArticleChanges {
  const { body_markdown: markdown, body_html: html, body, embargo_until: embargo, ...rest } = parsed;
  const changes: ArticleChanges = { ...rest };
  if (body !== undefined) changes.body = body;
  if (markdown !== undefined) changes.body = checkedDocument(markdownToDocument(markdown), 'body_markdown');
  if (html !== undefined) changes.body = checkedDocument(htmlToDocument(html), 'body_html');
  if (embargo !== undefined) changes.embargo_until = embargo === null ? null : new Date(embargo).toISOString();
  for (const key of ['secondary_section_ids', 'author_ids', 'tag_ids'] as const) {
    const list = changes[key];
    if (list) changes[key] = [...new Set(list)];
  }
  return changes;
}

/** Converted input must still fit the schema (e.g. a 3000-character link target). */
function checkedDocument(doc: RichTextDocument, field: string): RichTextDocument {
  const parsed = richTextDocumentSchema.safeParse(doc);
  if (!parsed.success) throw articleErrors.invalid({ [field]: `converts to a document that is not allowed: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
  return parsed.data;
}
