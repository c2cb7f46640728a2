import type { Article, ArticleService, ArticleSummary } from '../articles/index.js';
import type { AuditActor, AuditLog } from '../audit/index.js';
import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import type { CollectionItemRow, CollectionRow } from '../platform/db/tables-collections.js';
import { collectionCacheKey, isLive } from './collection.js';
import type { Collection } from './collection.js';
import { collectionErrors } from './collection-errors.js';
import { createCollectionBodySchema, parseCollectionInput, replaceItemsBodySchema } from './collection-schemas.js';
import type { CollectionStore } from './collection-store.js';

/** Who makes a change, and the audit log it is recorded in. */
export interface CollectionChangeContext {
  actor: AuditActor;
  audit: Pick<AuditLog, 'record'>;
}

/** A write's result: the collection and the page-cache keys of the pages that showed or show it. */
export interface CollectionWrite {
  collection: Collection;
  changedKeys: string[];
}

function toCollection(row: CollectionRow, items: CollectionItemRow[]): Collection {
  return {
    id: row.id,
    name: row.name,
    sectionId: row.section_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    items: items.filter((i) => i.collection_id === row.id).map((i) => ({ articleId: i.article_id, position: i.position, expiresAt: i.expires_at })),
  };
}

/**
 * Editor's Picks and other named collections: create, replace items, delete (each in one
 * transaction, then audit-logged), and the live published stories of a collection for pages.
 */
export function createCollectionService(deps: { store: CollectionStore; clock: Clock; articles: Pick<ArticleService, 'findPublishedById' | 'findPublishedSummariesByIds'> }) {
  const { store, clock, articles } = deps;
  const record = (change: CollectionChangeContext, action: string, collection: Collection, details: Record<string, unknown>) =>
    change.audit.record({ actor: change.actor, action, objectType: 'collection', objectId: collection.id, details: { name: collection.name, section_id: collection.sectionId, ...details } });

  async function load(id: number): Promise<Collection> {
    const row = await store.findById(id);
    if (!row) throw collectionErrors.notFound(id);
    return toCollection(row, await store.itemsOf([row.id]));
  }

  async function findCollection(name: string, sectionId: number | null): Promise<Collection | undefined> {
    const row = await store.findByName(name, sectionId);
    return row ? toCollection(row, await store.itemsOf([row.id])) : undefined;
  }

  /** Items → stored form; refuses ids that are no article (naming each bad entry). */
  async function checkItems(items: { article_id: number; expires_at?: string | null | undefined }[]): Promise<{ articleId: number; expiresAt: string | null }[]> {
    const existing = await store.existingArticleIds(items.map((i) => i.article_id));
    const unknown: Record<string, string> = {};
    items.forEach((item, index) => {
      if (!existing.has(item.article_id)) unknown[`items.${index}.article_id`] = `there is no article ${item.article_id}`;
    });
    if (Object.keys(unknown).length > 0) throw collectionErrors.unknownArticles(unknown);
    return items.map((i) => ({ articleId: i.article_id, expiresAt: i.expires_at ? new Date(i.expires_at).toISOString() : null }));
  }

  return {
    async listCollections(): Promise<Collection[]> {
      const rows = await store.listAll();
      const items = await store.itemsOf(rows.map((r) => r.id));
      return rows.map((row) => toCollection(row, items));
    },

    /** COLLECTION_NOT_FOUND when there is none. */
    getCollection: load,

    findCollection,

    /** The service's current time (ISO), to tell expired items apart. */
    currentTime: (): string => nowIso(clock),

    /** Admin API body `{ name, section_id?, items? }` → a new collection. */
    async createCollection(body: unknown, change: CollectionChangeContext): Promise<CollectionWrite> {
      const input = parseCollectionInput(createCollectionBodySchema, body);
      const sectionId = input.section_id ?? null;
      if (sectionId !== null && !(await store.sectionExists(sectionId))) throw collectionErrors.unknownSection(sectionId);
      const items = await checkItems(input.items ?? []);
      const row = await store.insert({ name: input.name, sectionId, items, now: nowIso(clock) });
      if (!row) throw collectionErrors.exists(input.name, sectionId);
      const collection = await load(row.id);
      await record(change, 'collection.create', collection, { article_ids: items.map((i) => i.articleId) });
      return { collection, changedKeys: [collectionCacheKey(collection.name, collection.sectionId)] };
    },

    /** Admin API body `{ items: [{ article_id, expires_at? }] }` → the collection's new, ordered items. */
    async replaceItems(id: number, body: unknown, change: CollectionChangeContext): Promise<CollectionWrite> {
      const input = parseCollectionInput(replaceItemsBodySchema, body);
      const before = await load(id);
      const items = await checkItems(input.items);
      if (!(await store.replaceItems(id, items, nowIso(clock)))) throw collectionErrors.notFound(id);
      const collection = await load(id);
      await record(change, 'collection.replace_items', collection, { before: before.items.map((i) => i.articleId), after: items.map((i) => i.articleId) });
      return { collection, changedKeys: [collectionCacheKey(collection.name, collection.sectionId)] };
    },

    async deleteCollection(id: number, change: CollectionChangeContext): Promise<CollectionWrite> {
      const collection = await load(id);
      if (!(await store.delete(id))) throw collectionErrors.notFound(id);
      await record(change, 'collection.delete', collection, { article_ids: collection.items.map((i) => i.articleId) });
      return { collection, changedKeys: [collectionCacheKey(collection.name, collection.sectionId)] };
    },

    /**
     * The public stories of a collection right now, in its order: expired items and stories that
     * are not published (drafts, scheduled, unpublished, trashed) are left out. Empty when there
     * is no such collection.
     */
    async liveStories(name: string, sectionId: number | null, options: { limit?: number; excludeArticleId?: number } = {}): Promise<Article[]> {
      const collection = await findCollection(name, sectionId);
      if (!collection) return [];
      const now = nowIso(clock);
      const limit = options.limit ?? Number.POSITIVE_INFINITY;
      const stories: Article[] = [];
      for (const item of collection.items) {
        if (stories.length >= limit) break;
        if (!isLive(item, now) || item.articleId === options.excludeArticleId) continue;
        const article = await articles.findPublishedById(item.articleId);
        if (article) stories.push(article);
      }
      return stories;
    },

    /**
     * The same stories as `liveStories`, as summaries (bylines, no body): what story cards show.
     * One batch for all of them instead of one full load per item.
     */
    async liveStorySummaries(name: string, sectionId: number | null, options: { limit?: number; excludeArticleId?: number } = {}): Promise<ArticleSummary[]> {
      const collection = await findCollection(name, sectionId);
      if (!collection) return [];
      const now = nowIso(clock);
      const ids = collection.items.filter((item) => isLive(item, now) && item.articleId !== options.excludeArticleId).map((item) => item.articleId);
      const stories = await articles.findPublishedSummariesByIds(ids);
      return options.limit === undefined ? stories : stories.slice(0, options.limit);
    },
  };
}

export type CollectionService = ReturnType<typeof createCollectionService>;
