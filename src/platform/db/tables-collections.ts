import type { ColumnType, Generated, Selectable } from 'kysely';

/** Editor's Picks collections and detected topics: the tables of this area, merged into `Database` in tables.ts. */
export interface CollectionTables {
  collections: CollectionsTable;
  collection_items: CollectionItemsTable;
  topics: TopicsTable;
  article_topics: ArticleTopicsTable;
}

/** A named, ordered list of stories chosen by editors (e.g. editors-picks, homepage-lead). */
export interface CollectionsTable {
  id: Generated<number>;
  name: string;
  /** Null: the site-wide collection of that name; else the section it belongs to. */
  section_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface CollectionItemsTable {
  collection_id: number;
  article_id: number;
  /** 0-based order within the collection. */
  position: number;
  /** After this time (ISO) the item is no longer shown; null: never expires. */
  expires_at: string | null;
}

/** A person, place or organisation found in stories (or added by an editor). */
export interface TopicsTable {
  id: Generated<number>;
  /** person | place | organization */
  kind: string;
  /** What detection matches on (lowercased, accent-free original name); kept when the topic is renamed. */
  match_key: string;
  /** Unique; the topic page is /topics/{slug}. */
  slug: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface ArticleTopicsTable {
  article_id: number;
  topic_id: number;
  /** auto (detected) | editor (added by hand) */
  source: string;
  /** 1: an editor removed it; detection must not bring it back. */
  removed: ColumnType<number, number | undefined, number>;
  /** 0-based salience order: most salient first. */
  position: number;
  created_at: string;
}

export type CollectionRow = Selectable<CollectionsTable>;
export type CollectionItemRow = Selectable<CollectionItemsTable>;
export type TopicRow = Selectable<TopicsTable>;
export type ArticleTopicRow = Selectable<ArticleTopicsTable>;
