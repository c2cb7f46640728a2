/**
 * Marked text from the index → safe HTML. The stores wrap matches in MARK_START/MARK_END
 * (U+0002/U+0003, removed from every indexed text). Here every piece of text is escaped
 * first and only then the markers become <mark> elements, so stored text can never inject
 * HTML.
 */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Escapes `marked` and turns its match markers into <mark>…</mark> (always balanced). */
export function markedToHtml(marked: string): string {
  let html = '';
  let open = false;
  // eslint-disable-next-line no-control-regex -- the markers are control characters on purpose
  for (const piece of marked.split(/([\u0002\u0003])/)) {
    if (piece === MARK_START) {
      if (!open) html += '<mark>';
      open = true;
    } else if (piece === MARK_END) {
      if (open) html += '</mark>';
      open = false;
    } else {
      html += escapeHtml(piece);
    }
  }
  return open ? `${html}</mark>` : html;
}

/** True when the text contains at least one marked match. */
export function hasMark(marked: string): boolean {
  return marked.includes(MARK_START);
}

/** The marked text without its markers. */
export function stripMarks(marked: string): string {
  // eslint-disable-next-line no-control-regex -- the markers are control characters on purpose
  return marked.replace(/[\u0002\u0003]/g, '');
}
