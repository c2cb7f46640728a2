/** @module rich-text — the stored body document: schema, Markdown and HTML input, HTML output, plain text. */
export { richTextDocumentSchema, isSafeUrl, imageAttrsSchema } from './rich-text-schema.js';
export type { RichTextDocument, BlockNode, InlineNode, ImageAttrs } from './rich-text-schema.js';
export { renderDocumentHtml, renderFigure } from './render-html.js';
export { markdownToDocument, markdownToBlocks } from './markdown-to-document.js';
export { htmlToDocument } from './html-to-document.js';
export { extractPlainText, countWords, readingMinutes } from './plain-text.js';
export { escapeHtml } from './escape-html.js';
