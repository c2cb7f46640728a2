import type { TagRow } from '../platform/db/tables.js';

/** A tag (topic) that stories share. */
export interface Tag {
  id: number;
  slug: string;
  name: string;
}

export function toTag(row: TagRow): Tag {
  return { id: row.id, slug: row.slug, name: row.name };
}

/** Path of the tag's page. */
export function tagPath(slug: string): string {
  return `/tags/${slug}`;
}
