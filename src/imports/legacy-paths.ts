/** Query parameters that name content on WordPress sites (`/?p=123`, `/?page_id=4`, `/?cat=5`). */
const KEPT_QUERY = ['p', 'page_id', 'cat', 'tag'];

/**
 * An old URL (absolute, or a path with query) → the key legacy_urls stores: the path without
 * trailing slash, percent-decoding normalised, plus only the WordPress id parameters
 * (`/2013/01/11/hello`, `/?p=123`). Null for something that is not a usable path.
 */
export function normalizeLegacyPath(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://legacy.invalid');
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  let path = parsed.pathname;
  try {
    path = encodeURI(decodeURI(path));
  } catch {
    // Keep undecodable paths as they came.
  }
  path = path.replace(/\/{2,}/g, '/').replace(/\/+$/, '') || '/';
  const query = KEPT_QUERY.flatMap((name) => {
    const value = parsed.searchParams.get(name);
    return value && /^[\w-]{1,100}$/.test(value) ? [`${name}=${value}`] : [];
  });
  if (path === '/' && query.length === 0) return null;
  const key = query.length > 0 ? `${path}?${query.join('&')}` : path;
  return key.length <= 2048 ? key : null;
}
