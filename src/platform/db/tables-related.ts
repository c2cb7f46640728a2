import type { Selectable } from 'kysely';

/** Related stories: the tables of this area, merged into `Database` in tables.ts. */
export interface RelatedTables {
  related_articles: RelatedArticlesTable;
  related_curation: RelatedCurationTable;
}

/** The Related list of each published story, in page order (editors' pins first). */
export interface RelatedArticlesTable {
  article_id: number;
  /** 0-based place in the list. */
  position: number;
  related_id: number;
  /** Combined score of the algorithm (0 for a pin it did not choose). */
  score: number;
  /** Cosine of the two stories' text vectors. */
  text_similarity: number;
  /** 1 when an editor pinned it. */
  pinned: number;
  /** { sharedTerms, sharedTags, sameSection, pinned } */
  reason_json: string;
  computed_at: string;
}

/** Editors' choices per article: pins (in order) and excludes. */
export interface RelatedCurationTable {
  article_id: number;
  related_id: number;
  kind: 'pin' | 'exclude';
  position: number;
  created_by: number | null;
  created_at: string;
}

export type RelatedArticleRow = Selectable<RelatedArticlesTable>;
export type RelatedCurationRow = Selectable<RelatedCurationTable>;
