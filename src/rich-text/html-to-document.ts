import sanitizeHtml from 'sanitize-html';
import { isSafeUrl } from './rich-text-schema.js';
import type { BlockNode, ImageAttrs, InlineNode, ListItemNode, Mark, RichTextDocument, TableRowNode } from './rich-text-schema.js';

/**
 * Converts pasted or imported HTML to the stored document. The HTML first goes through an
 * allowlist sanitiser (sanitize-html): scripts, styles, event handlers, unknown tags and
 * unsafe URLs are removed there, keeping the text of unknown tags. The sanitiser's output is
 * balanced and uses only the tags below, so a small tokenizer can turn it into nodes.
 */
export function htmlToDocument(html: string): RichTextDocument {
  const clean = sanitizeHtml(html, SANITIZE_OPTIONS);
  return { type: 'doc', content: convertBlocks(parseTree(clean)) };
}

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h2', 'h3', 'blockquote', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'a', 'strong', 'em', 's', 'u', 'code', 'br', 'hr', 'img'],
  allowedAttributes: { a: ['href'], img: ['src', 'alt'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    h1: 'h2',
    h4: 'h3',
    h5: 'h3',
    h6: 'h3',
    b: 'strong',
    i: 'em',
    del: 's',
    strike: 's',
  },
};

interface ElementNode {
  tag: string;
  attrs: Record<string, string>;
  children: TreeNode[];
}
type TreeNode = ElementNode | string;

const VOID_TAGS = new Set(['br', 'hr', 'img']);
const BLOCK_TAGS = new Set(['p', 'h2', 'h3', 'blockquote', 'ul', 'ol', 'table', 'hr', 'img']);
const MARK_TAGS: Record<string, Mark['type']> = { strong: 'bold', em: 'italic', s: 'strike', u: 'underline', code: 'code' };

/** Tokenizes sanitiser output (balanced tags, double-quoted attributes) into a tree. */
function parseTree(html: string): TreeNode[] {
  const root: ElementNode = { tag: '#root', attrs: {}, children: [] };
  const stack: ElementNode[] = [root];
  const token = /<\/([a-z0-9]+)\s*>|<([a-z0-9]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*\/?>|([^<]+)|</g;
  for (const match of html.matchAll(token)) {
    const [, closing, opening, attrText, text] = match;
    const top = stack[stack.length - 1] ?? root;
    if (closing) {
      const at = stack.map((e) => e.tag).lastIndexOf(closing);
      if (at > 0) stack.length = at;
    } else if (opening) {
      const element: ElementNode = { tag: opening, attrs: parseAttributes(attrText ?? ''), children: [] };
      top.children.push(element);
      if (!VOID_TAGS.has(opening)) stack.push(element);
    } else {
      top.children.push(decodeEntities(text ?? match[0]));
    }
  }
  return root.children;
}

function parseAttributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)) if (name) attrs[name] = decodeEntities(value ?? '');
  return attrs;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);/gi, (entity, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return safeCodePoint(parseInt(lower.slice(2), 16), entity);
    if (lower.startsWith('#')) return safeCodePoint(parseInt(lower.slice(1), 10), entity);
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' } as Record<string, string>)[lower] ?? entity;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

/** An image met inside inline content; it ends the paragraph around it. */
interface InlineImage {
  image: ImageAttrs;
}
type InlinePiece = InlineNode | InlineImage;

/** Block-level children become blocks; runs of text and inline tags between them become paragraphs. */
function convertBlocks(nodes: TreeNode[]): BlockNode[] {
  const blocks: BlockNode[] = [];
  let pending: InlinePiece[] = [];
  const flush = (): void => {
    blocks.push(...paragraphsFrom(pending, (content) => ({ type: 'paragraph', content })));
    pending = [];
  };
  for (const node of nodes) {
    if (typeof node !== 'string' && BLOCK_TAGS.has(node.tag)) {
      flush();
      blocks.push(...convertBlock(node));
    } else {
      pending.push(...convertInline([node], []));
    }
  }
  flush();
  return blocks;
}

function convertBlock(element: ElementNode): BlockNode[] {
  switch (element.tag) {
    case 'p':
      return paragraphsFrom(convertInline(element.children, []), (content) => ({ type: 'paragraph', content }));
    case 'h2':
    case 'h3': {
      const level = element.tag === 'h2' ? 2 : 3;
      return paragraphsFrom(convertInline(element.children, []), (content) => ({ type: 'heading', attrs: { level }, content }));
    }
    case 'blockquote': {
      const content = convertBlocks(element.children);
      return content.length > 0 ? [{ type: 'blockquote', content }] : [];
    }
    case 'ul':
    case 'ol': {
      const items = listItems(element);
      if (items.length === 0) return [];
      if (element.tag === 'ul') return [{ type: 'bulletList', content: items }];
      const start = Number.parseInt(element.attrs.start ?? '1', 10);
      return [{ type: 'orderedList', ...(Number.isInteger(start) && start >= 0 && start !== 1 && start <= 1_000_000 ? { attrs: { start } } : {}), content: items }];
    }
    case 'table': {
      const rows = tableRows(element);
      return rows.length > 0 ? [{ type: 'table', content: rows }] : [];
    }
    case 'hr':
      return [{ type: 'horizontalRule' }];
    case 'img': {
      const image = imageFrom(element);
      return image ? [{ type: 'image', attrs: image }] : [];
    }
    default:
      return convertBlocks(element.children);
  }
}

function listItems(list: ElementNode): ListItemNode[] {
  return elementsOf(list.children, ['li']).map((li) => {
    const content = convertBlocks(li.children);
    return { type: 'listItem', content: content.length > 0 ? content : [{ type: 'paragraph' }] };
  });
}

function tableRows(table: ElementNode): TableRowNode[] {
  const rowElements = table.children.flatMap((child) => {
    if (typeof child === 'string') return [];
    if (child.tag === 'tr') return [child];
    return ['thead', 'tbody', 'tfoot'].includes(child.tag) ? elementsOf(child.children, ['tr']) : [];
  });
  return rowElements.flatMap((tr) => {
    const cells = elementsOf(tr.children, ['th', 'td']).map((cell) => ({
      type: cell.tag === 'th' ? ('tableHeader' as const) : ('tableCell' as const),
      content: convertBlocks(cell.children),
    }));
    return cells.length > 0 ? [{ type: 'tableRow' as const, content: cells }] : [];
  });
}

function elementsOf(nodes: TreeNode[], tags: string[]): ElementNode[] {
  return nodes.filter((n): n is ElementNode => typeof n !== 'string' && tags.includes(n.tag));
}

function imageFrom(element: ElementNode): ImageAttrs | null {
  const src = element.attrs.src ?? '';
  if (!src || !isSafeUrl(src) || src.length > 2048) return null;
  return { src, alt: (element.attrs.alt ?? '').trim().slice(0, 1000) };
}

function convertInline(nodes: TreeNode[], marks: Mark[]): InlinePiece[] {
  const out: InlinePiece[] = [];
  for (const node of nodes) {
    if (typeof node === 'string') {
      const text = node.replace(/\s+/g, ' ');
      if (text) out.push(marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text });
      continue;
    }
    const markType = MARK_TAGS[node.tag];
    if (markType) out.push(...convertInline(node.children, withMark(marks, { type: markType } as Mark)));
    else if (node.tag === 'a') {
      const href = node.attrs.href;
      out.push(...convertInline(node.children, href && isSafeUrl(href) && href.length <= 2048 ? withMark(marks, { type: 'link', attrs: { href } }) : marks));
    } else if (node.tag === 'br') out.push({ type: 'hardBreak' });
    else if (node.tag === 'img') {
      const image = imageFrom(node);
      if (image) out.push({ image });
    } else out.push(...convertInline(node.children, marks));
  }
  return out;
}

function withMark(marks: Mark[], mark: Mark): Mark[] {
  return [...marks.filter((m) => m.type !== mark.type), mark];
}

/** Splits inline pieces at images, trims whitespace at the edges, merges equal-marked text. */
function paragraphsFrom(pieces: InlinePiece[], make: (content: InlineNode[]) => BlockNode): BlockNode[] {
  const blocks: BlockNode[] = [];
  let run: InlineNode[] = [];
  const flush = (): void => {
    const content = tidyInline(run);
    if (content.length > 0) blocks.push(make(content));
    run = [];
  };
  for (const piece of pieces) {
    if ('image' in piece) {
      flush();
      blocks.push({ type: 'image', attrs: piece.image });
    } else run.push(piece);
  }
  flush();
  return blocks;
}

function tidyInline(nodes: InlineNode[]): InlineNode[] {
  const merged: InlineNode[] = [];
  for (const node of nodes) {
    const last = merged[merged.length - 1];
    if (node.type === 'text' && last?.type === 'text' && JSON.stringify(last.marks ?? []) === JSON.stringify(node.marks ?? [])) {
      merged[merged.length - 1] = { ...last, text: `${last.text}${node.text}`.replace(/ {2,}/g, ' ') };
    } else merged.push({ ...node });
  }
  const first = merged[0];
  if (first?.type === 'text') merged[0] = { ...first, text: first.text.trimStart() };
  const lastIndex = merged.length - 1;
  const last = merged[lastIndex];
  if (last?.type === 'text') merged[lastIndex] = { ...last, text: last.text.trimEnd() };
  const kept = merged.filter((n) => n.type !== 'text' || n.text.length > 0);
  return kept.some((n) => n.type === 'text') ? kept : [];
}
