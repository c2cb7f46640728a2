import { tagPath } from './tag.js';
import type { Tag } from './tag.js';

/** A tag as the Admin API shows it (snake_case JSON). */
export interface AdminTagJson {
  id: number;
  slug: string;
  name: string;
  /** The tag page on the reader site. */
  url: string;
  /** Articles (any status) carrying the tag; present in listings. */
  article_count?: number;
}

export function presentTag(tag: Tag, articleCount?: number): AdminTagJson {
  return { id: tag.id, slug: tag.slug, name: tag.name, url: tagPath(tag.slug), ...(articleCount === undefined ? {} : { article_count: articleCount }) };
}
