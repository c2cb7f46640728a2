/** One story in a collection, in order; `expiresAt` (ISO) hides it from then on. */
export interface CollectionItem {
  articleId: number;
  position: number;
  expiresAt: string | null;
}

/** A named, ordered list of stories chosen by editors, site-wide (`sectionId` null) or for one section. */
export interface Collection {
  id: number;
  name: string;
  sectionId: number | null;
  createdAt: string;
  updatedAt: string;
  items: CollectionItem[];
}

/** The collection whose top live story leads the home page. */
export const HOMEPAGE_LEAD = 'homepage-lead';
/** The collection shown as Editor's Picks on article pages and the home page. */
export const EDITORS_PICKS = 'editors-picks';

/**
 * Page-cache key of the pages showing a collection: `collection:<name>` for the site-wide one,
 * `collection:<name>:section:<id>` for a section's.
 */
export function collectionCacheKey(name: string, sectionId: number | null): string {
  return sectionId === null ? `collection:${name}` : `collection:${name}:section:${sectionId}`;
}

/** Whether an item is shown at `nowIso`. */
export function isLive(item: Pick<CollectionItem, 'expiresAt'>, nowIso: string): boolean {
  return item.expiresAt === null || item.expiresAt > nowIso;
}
