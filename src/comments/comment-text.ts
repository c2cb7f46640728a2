/**
 * Comment text: plain text as typed, rendered escaped with safe autolinks (http/https only,
 * rel="nofollow ugc noopener"). No HTML from the reader ever reaches the page as markup.
 */

export const MAX_COMMENT_CHARS = 5000;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;', '=': '&#61;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (c) => ESCAPES[c] ?? c);
}

// eslint-disable-next-line no-control-regex
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`\u0000-\u001f\u007f]+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/** The http(s) links a comment contains, as the autolinker will link them. */
export function findLinks(text: string): { start: number; end: number; href: string }[] {
  const links: { start: number; end: number; href: string }[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    let raw = match[0];
    const trailing = TRAILING.exec(raw);
    if (trailing) raw = raw.slice(0, raw.length - trailing[0].length);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') continue;
    links.push({ start: match.index, end: match.index + raw.length, href: url.href });
  }
  return links;
}

/** Removes control and bidi-override characters (keeps newlines and tabs), normalises line ends. */
export function cleanCommentText(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim();
}

function renderInline(text: string): string {
  let html = '';
  let at = 0;
  for (const link of findLinks(text)) {
    html += escapeHtml(text.slice(at, link.start));
    html += `<a href="${escapeHtml(link.href)}" rel="nofollow ugc noopener" target="_blank">${escapeHtml(text.slice(link.start, link.end))}</a>`;
    at = link.end;
  }
  return html + escapeHtml(text.slice(at));
}

/** Paragraphs at blank lines, <br> at single newlines, links made clickable, everything else escaped. */
export function renderCommentHtml(body: string): string {
  return body
    .split(/\n\s*\n/)
    .map((para) => para.trim())
    .filter((para) => para !== '')
    .map((para) => `<p>${para.split('\n').map(renderInline).join('<br>')}</p>`)
    .join('');
}
