import type { Collection } from './collection.js';
import { isLive } from './collection.js';

/** A collection as the Admin API shows it (snake_case JSON). */
export interface AdminCollectionJson {
  id: number;
  name: string;
  section_id: number | null;
  created_at: string;
  updated_at: string;
  items: { article_id: number; position: number; expires_at: string | null; expired: boolean }[];
}

export function presentCollection(collection: Collection, nowIso: string): AdminCollectionJson {
  return {
    id: collection.id,
    name: collection.name,
    section_id: collection.sectionId,
    created_at: collection.createdAt,
    updated_at: collection.updatedAt,
    items: collection.items.map((i) => ({ article_id: i.articleId, position: i.position, expires_at: i.expiresAt, expired: !isLive(i, nowIso) })),
  };
}
