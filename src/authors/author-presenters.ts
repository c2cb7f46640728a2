import { authorPath } from './author.js';
import type { Author } from './author.js';

/** An author as the Admin API shows them (snake_case JSON). */
export interface AdminAuthorJson {
  id: number;
  slug: string;
  name: string;
  bio: string;
  photo_url: string | null;
  /** The author page on the reader site. */
  url: string;
  /** Articles (any status) with this author in the byline; present in listings. */
  article_count?: number;
}

export function presentAuthor(author: Author, articleCount?: number): AdminAuthorJson {
  return {
    id: author.id,
    slug: author.slug,
    name: author.name,
    bio: author.bio,
    photo_url: author.photoUrl,
    url: authorPath(author.slug),
    ...(articleCount === undefined ? {} : { article_count: articleCount }),
  };
}
