import type { AuthorRow } from '../platform/db/tables.js';

/** A byline: someone who writes for the publication. */
export interface Author {
  id: number;
  slug: string;
  name: string;
  bio: string;
  photoUrl: string | null;
}

export function toAuthor(row: AuthorRow): Author {
  return { id: row.id, slug: row.slug, name: row.name, bio: row.bio, photoUrl: row.photo_url };
}

/** Path of the author's page. */
export function authorPath(slug: string): string {
  return `/authors/${slug}`;
}
