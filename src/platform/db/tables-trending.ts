/** Trending view buckets: the tables of this area, merged into `Database` in tables.ts. */
export interface TrendingTables {
  /** Views per article per UTC hour; `hour` is the ISO start of the hour, e.g. 2026-11-28T04:00:00.000Z. */
  trending_views: {
    article_id: number;
    hour: string;
    views: number;
  };
  /** The secret salt of visitor hashes for one UTC day (YYYY-MM-DD); shared by every process, never logged. */
  trending_salts: {
    day: string;
    salt: string;
    created_at: string;
  };
}
