import type { ArticleCursor } from '../articles/index.js';

/**
 * Cursors are opaque to clients: base64url of "publishedAt|id" of the last story on a page.
 * The list continues strictly after that story in (published_at desc, id desc) order, so pages
 * never repeat or skip a story even when several share a publication time.
 */

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const BASE64URL = /^[A-Za-z0-9_-]{1,200}$/;

export function encodeCursor(cursor: ArticleCursor): string {
  return Buffer.from(`${cursor.publishedAt}|${cursor.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or undefined when it is not one `encodeCursor` made. */
export function decodeCursor(text: string): ArticleCursor | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const match = /^([^|]+)\|([1-9]\d{0,15})$/.exec(decoded);
  if (!match) return undefined;
  const [, publishedAt = '', idText = ''] = match;
  const id = Number(idText);
  if (!ISO_UTC.test(publishedAt) || Number.isNaN(Date.parse(publishedAt)) || !Number.isSafeInteger(id)) return undefined;
  const cursor = { publishedAt, id };
  // Refuse other spellings of the same bytes (padding, trailing bits) so a cursor has one form.
  return encodeCursor(cursor) === text ? cursor : undefined;
}
