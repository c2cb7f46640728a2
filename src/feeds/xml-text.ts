// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPING = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF&<>"']/;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Escapes text for XML element content and attributes, and drops the control characters XML 1.0
 * forbids (they would make the whole feed unparseable for strict readers).
 */
export function escapeXml(value: string): string {
  // Most text (URLs, dates, plain words) needs nothing: one test instead of two replaces.
  if (!NEEDS_ESCAPING.test(value)) return value;
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

/** `<name>text</name>` with the text escaped. */
export function xmlElement(name: string, text: string): string {
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/** RFC 822 date for RSS 2.0 (`Thu, 01 Jan 2026 00:00:00 GMT`). */
export function rfc822Date(iso: string): string {
  return new Date(iso).toUTCString();
}
