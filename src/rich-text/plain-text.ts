import type { BlockNode, InlineNode, RichTextDocument } from './rich-text-schema.js';

/** Words a reader reads per minute, for the byline's reading time. */
export const WORDS_PER_MINUTE = 230;

/** The document's text, one block per line, for search, summaries and word counts. */
export function extractPlainText(doc: RichTextDocument): string {
  const lines: string[] = [];
  const visit = (node: BlockNode): void => {
    switch (node.type) {
      case 'paragraph':
      case 'heading':
      case 'pullQuote':
        lines.push(inlineText(node.content));
        return;
      case 'blockquote':
        node.content.forEach(visit);
        return;
      case 'bulletList':
      case 'orderedList':
        node.content.forEach((item) => item.content.forEach(visit));
        return;
      case 'table':
        node.content.forEach((row) => lines.push(row.content.map((cell) => cell.content.map((c) => (c.type === 'paragraph' ? inlineText(c.content) : '')).join(' ')).join(' | ')));
        return;
      case 'image':
        if (node.attrs.caption) lines.push(node.attrs.caption);
        return;
      case 'horizontalRule':
        return;
    }
  };
  doc.content.forEach(visit);
  return lines.filter((line) => line.length > 0).join('\n');
}

/** Counts words the way a reader would: runs of letters or digits. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
}

/** Minutes to read, at least one. */
export function readingMinutes(wordCount: number): number {
  return Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE));
}

function inlineText(nodes: InlineNode[] | undefined): string {
  return (nodes ?? []).map((n) => (n.type === 'text' ? n.text : '\n')).join('');
}
