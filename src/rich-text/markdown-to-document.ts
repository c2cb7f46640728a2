import { Lexer } from 'marked';
import type { Token, Tokens } from 'marked';
import { isSafeUrl } from './rich-text-schema.js';
import type { BlockNode, InlineNode, Mark, RichTextDocument } from './rich-text-schema.js';

/**
 * Converts Markdown to the stored document. Raw HTML inside Markdown is dropped (its text
 * is kept), unsafe link targets lose their link, and H1 becomes H2 because the page's own
 * headline is the only H1.
 */
export function markdownToDocument(markdown: string): RichTextDocument {
  const tokens = new Lexer({ gfm: true }).lex(markdown);
  return { type: 'doc', content: convertBlocks(tokens) };
}

/** Converts Markdown and appends its blocks to `content`. */
export function markdownToBlocks(markdown: string): BlockNode[] {
  return markdownToDocument(markdown).content;
}

function convertBlocks(tokens: Token[]): BlockNode[] {
  const blocks: BlockNode[] = [];
  for (const token of tokens) {
    const block = convertBlock(token);
    if (Array.isArray(block)) blocks.push(...block);
    else if (block) blocks.push(block);
  }
  return blocks;
}

function convertBlock(token: Token): BlockNode | BlockNode[] | null {
  switch (token.type) {
    case 'paragraph':
      return paragraph(convertInline((token as Tokens.Paragraph).tokens));
    case 'text': {
      const text = token as Tokens.Text;
      return paragraph(text.tokens ? convertInline(text.tokens) : plain(text.text));
    }
    case 'heading': {
      const heading = token as Tokens.Heading;
      return { type: 'heading', attrs: { level: heading.depth >= 3 ? 3 : 2 }, content: convertInline(heading.tokens) };
    }
    case 'blockquote': {
      const content = convertBlocks((token as Tokens.Blockquote).tokens);
      return content.length > 0 ? { type: 'blockquote', content } : null;
    }
    case 'list': {
      const list = token as Tokens.List;
      const items = list.items.map((item) => {
        const content = convertBlocks(item.tokens);
        return { type: 'listItem' as const, content: content.length > 0 ? content : [{ type: 'paragraph' as const }] };
      });
      if (list.ordered) {
        const start = typeof list.start === 'number' ? list.start : 1;
        return { type: 'orderedList', ...(start !== 1 ? { attrs: { start } } : {}), content: items };
      }
      return { type: 'bulletList', content: items };
    }
    case 'table': {
      const table = token as Tokens.Table;
      const cell = (type: 'tableHeader' | 'tableCell', c: Tokens.TableCell) => ({ type, content: [paragraph(convertInline(c.tokens))] });
      return {
        type: 'table',
        content: [
          { type: 'tableRow', content: table.header.map((c) => cell('tableHeader', c)) },
          ...table.rows.map((row) => ({ type: 'tableRow' as const, content: row.map((c) => cell('tableCell', c)) })),
        ],
      };
    }
    case 'code':
      return paragraph(plain((token as Tokens.Code).text), [{ type: 'code' }]);
    case 'hr':
      return { type: 'horizontalRule' };
    case 'html': {
      const text = stripTags((token as Tokens.HTML).text).trim();
      return text ? paragraph(plain(text)) : null;
    }
    default:
      return null;
  }
}

function paragraph(content: InlineNode[], marks?: Mark[]): BlockNode {
  if (marks) content = content.map((n) => (n.type === 'text' ? { ...n, marks: [...(n.marks ?? []), ...marks] } : n));
  return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };
}

function plain(text: string): InlineNode[] {
  return text ? [{ type: 'text', text }] : [];
}

function convertInline(tokens: Token[] | undefined, marks: Mark[] = []): InlineNode[] {
  const out: InlineNode[] = [];
  const pushText = (text: string): void => {
    if (!text) return;
    const last = out[out.length - 1];
    const sameMarks = last?.type === 'text' && JSON.stringify(last.marks ?? []) === JSON.stringify(marks);
    if (last?.type === 'text' && sameMarks) last.text += text;
    else out.push(marks.length > 0 ? { type: 'text', text, marks: [...marks] } : { type: 'text', text });
  };
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'text':
      case 'escape': {
        const t = token as Tokens.Text;
        if (t.tokens && t.tokens.length > 0) out.push(...convertInline(t.tokens, marks));
        else pushText(decodeEntities(t.text));
        break;
      }
      case 'strong':
        out.push(...convertInline((token as Tokens.Strong).tokens, [...marks, { type: 'bold' }]));
        break;
      case 'em':
        out.push(...convertInline((token as Tokens.Em).tokens, [...marks, { type: 'italic' }]));
        break;
      case 'del':
        out.push(...convertInline((token as Tokens.Del).tokens, [...marks, { type: 'strike' }]));
        break;
      case 'codespan':
        out.push(...plainWith(decodeEntities((token as Tokens.Codespan).text), [...marks, { type: 'code' }]));
        break;
      case 'link': {
        const link = token as Tokens.Link;
        const linkMarks: Mark[] = isSafeUrl(link.href) ? [...marks, { type: 'link', attrs: { href: link.href } }] : marks;
        out.push(...convertInline(link.tokens, linkMarks));
        break;
      }
      case 'br':
        out.push({ type: 'hardBreak' });
        break;
      case 'image':
        pushText((token as Tokens.Image).text);
        break;
      case 'html':
        pushText(stripTags((token as Tokens.HTML).text));
        break;
      default:
        if ('text' in token && typeof token.text === 'string') pushText(token.text);
    }
  }
  return out;
}

function plainWith(text: string, marks: Mark[]): InlineNode[] {
  return text ? [{ type: 'text', text, marks }] : [];
}

function stripTags(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ''));
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: '\u00a0' };

// marked escapes some characters in codespans and raw text; the document stores plain text.
function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, name: string) => entities[name] ?? '');
}
