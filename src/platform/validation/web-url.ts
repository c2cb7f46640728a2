/** True for http(s) URLs and site-relative paths; false for protocol-relative "//…" and other schemes. */
export function isWebUrl(value: string): boolean {
  if (value.startsWith('/')) return !value.startsWith('//');
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
