import { z } from 'zod';

/**
 * The structured rich-text document an article body is stored as. Its shape follows
 * ProseMirror/TipTap JSON (`{ type, attrs, content, marks, text }`) so the admin editor can
 * load and save it unchanged. Only the node and mark types below are allowed: anything else
 * is refused on save, which is the first half of sanitising; escaping on render is the second.
 */

const safeUrl = z
  .string()
  .max(2048)
  .refine(isSafeUrl, { message: 'URL must be http(s), mailto, or a site-relative path' });

export const markSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bold') }).strict(),
  z.object({ type: z.literal('italic') }).strict(),
  z.object({ type: z.literal('strike') }).strict(),
  z.object({ type: z.literal('underline') }).strict(),
  z.object({ type: z.literal('code') }).strict(),
  z.object({ type: z.literal('link'), attrs: z.object({ href: safeUrl }).strict() }).strict(),
]);

export const textNodeSchema = z
  .object({ type: z.literal('text'), text: z.string().min(1).max(100_000), marks: z.array(markSchema).max(6).optional() })
  .strict();
export const hardBreakSchema = z.object({ type: z.literal('hardBreak') }).strict();
export const inlineNodeSchema = z.union([textNodeSchema, hardBreakSchema]);
const inlineContent = z.array(inlineNodeSchema).max(10_000).optional();

export const imageAttrsSchema = z
  .object({
    src: safeUrl,
    alt: z.string().max(1000),
    caption: z.string().max(2000).optional(),
    credit: z.string().max(500).optional(),
    width: z.number().int().positive().max(20_000).optional(),
    height: z.number().int().positive().max(20_000).optional(),
    /** Responsive variants of the same picture. */
    variants: z
      .array(z.object({ src: safeUrl, width: z.number().int().positive(), type: z.enum(['image/jpeg', 'image/webp', 'image/avif', 'image/png']) }).strict())
      .max(24)
      .optional(),
  })
  .strict();

export type BlockNode =
  | { type: 'paragraph'; content?: InlineNode[] }
  | { type: 'heading'; attrs: { level: 2 | 3 }; content?: InlineNode[] }
  | { type: 'blockquote'; content: BlockNode[] }
  | { type: 'pullQuote'; attrs?: { attribution?: string | undefined }; content?: InlineNode[] }
  | { type: 'bulletList'; content: ListItemNode[] }
  | { type: 'orderedList'; attrs?: { start?: number | undefined }; content: ListItemNode[] }
  | { type: 'table'; content: TableRowNode[] }
  | { type: 'image'; attrs: ImageAttrs }
  | { type: 'horizontalRule' };
export interface ListItemNode { type: 'listItem'; content: BlockNode[] }
export interface TableRowNode { type: 'tableRow'; content: TableCellNode[] }
export interface TableCellNode { type: 'tableHeader' | 'tableCell'; content: BlockNode[] }
export type InlineNode = z.infer<typeof inlineNodeSchema>;
export type Mark = z.infer<typeof markSchema>;
export type ImageAttrs = z.infer<typeof imageAttrsSchema>;
export interface RichTextDocument { type: 'doc'; content: BlockNode[] }

const listItemSchema: z.ZodType<ListItemNode> = z.lazy(() =>
  z.object({ type: z.literal('listItem'), content: z.array(blockNodeSchema).min(1).max(200) }).strict(),
);
const tableCellSchema: z.ZodType<TableCellNode> = z.lazy(() =>
  z.object({ type: z.enum(['tableHeader', 'tableCell']), content: z.array(blockNodeSchema).max(50) }).strict(),
);
const tableRowSchema: z.ZodType<TableRowNode> = z.lazy(() =>
  z.object({ type: z.literal('tableRow'), content: z.array(tableCellSchema).min(1).max(50) }).strict(),
);

export const blockNodeSchema: z.ZodType<BlockNode> = z.lazy(() =>
  z.union([
    z.object({ type: z.literal('paragraph'), content: inlineContent }).strict(),
    z.object({ type: z.literal('heading'), attrs: z.object({ level: z.union([z.literal(2), z.literal(3)]) }).strict(), content: inlineContent }).strict(),
    z.object({ type: z.literal('blockquote'), content: z.array(blockNodeSchema).min(1).max(200) }).strict(),
    z.object({ type: z.literal('pullQuote'), attrs: z.object({ attribution: z.string().max(300).optional() }).strict().optional(), content: inlineContent }).strict(),
    z.object({ type: z.literal('bulletList'), content: z.array(listItemSchema).min(1).max(500) }).strict(),
    z.object({ type: z.literal('orderedList'), attrs: z.object({ start: z.number().int().min(0).max(1_000_000).optional() }).strict().optional(), content: z.array(listItemSchema).min(1).max(500) }).strict(),
    z.object({ type: z.literal('table'), content: z.array(tableRowSchema).min(1).max(500) }).strict(),
    z.object({ type: z.literal('image'), attrs: imageAttrsSchema }).strict(),
    z.object({ type: z.literal('horizontalRule') }).strict(),
  ]),
);

export const richTextDocumentSchema: z.ZodType<RichTextDocument> = z
  .object({ type: z.literal('doc'), content: z.array(blockNodeSchema).max(5000) })
  .strict();

/** True for http(s) and mailto URLs and for site-relative paths; false for javascript:, data: and the like. */
export function isSafeUrl(url: string): boolean {
  const trimmed = url.trim();
  if (trimmed.startsWith('/') && !trimmed.startsWith('//')) return true;
  if (trimmed.startsWith('#')) return true;
  try {
    const { protocol } = new URL(trimmed);
    return protocol === 'http:' || protocol === 'https:' || protocol === 'mailto:';
  } catch {
    return false;
  }
}
