/** URL paths of reader pages. Articles: /articles/{slug}; sections: /{path}/; see README "URLs". */
export { articlePath } from '../articles/index.js';
export { authorPath } from '../authors/index.js';
export { tagPath } from '../topics/index.js';
export { staticPagePath } from '../pages/index.js';

/** A section front lives at its slug path with a trailing slash, e.g. /world/asia/. */
export function sectionPath(path: string): string {
  return `/${path}/`;
}

/** Adds `?page=N` for pages after the first. */
export function pagedPath(path: string, page: number, extraQuery = ''): string {
  const params = new URLSearchParams(extraQuery);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
