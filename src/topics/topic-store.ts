import type { Kysely } from 'kysely';
import { preparedQuery } from '../platform/db/prepared-query.js';
import type { Database } from '../platform/db/tables.js';
import type { TopicRow } from '../platform/db/tables-collections.js';

/** An article's topic links, read on every article page (see preparedQuery). */
const topicLinksOf = preparedQuery((db: Kysely<Database>, articleId: number) =>
  db
    .selectFrom('article_topics')
    .innerJoin('topics', 'topics.id', 'article_topics.topic_id')
    .selectAll('topics')
    .select(['article_topics.source', 'article_topics.removed', 'article_topics.position'])
    .where('article_topics.article_id', '=', articleId)
    .orderBy('article_topics.position')
    .orderBy('topics.id'),
);

/** A topic linked to an article, as stored. */
export interface ArticleTopicLinkRow extends TopicRow {
  source: string;
  removed: number;
  position: number;
}

export type TopicStore = ReturnType<typeof createTopicStore>;

/** The only SQL of detected topics (tags live in tag-store.ts). */
export function createTopicStore(db: Kysely<Database>) {
  return {
    async findById(id: number): Promise<TopicRow | undefined> {
      return db.selectFrom('topics').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findBySlug(slug: string): Promise<TopicRow | undefined> {
      return db.selectFrom('topics').selectAll().where('slug', '=', slug).executeTakeFirst();
    },
    async findByKey(kind: string, matchKey: string): Promise<TopicRow | undefined> {
      return db.selectFrom('topics').selectAll().where('kind', '=', kind).where('match_key', '=', matchKey).executeTakeFirst();
    },
    async slugOwner(slug: string): Promise<number | undefined> {
      return (await db.selectFrom('topics').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
    },
    /** The topic of this kind and key, created with `slug` and `name` when new. */
    async ensure(input: { kind: string; matchKey: string; slug: string; name: string; now: string }): Promise<TopicRow> {
      await db
        .insertInto('topics')
        .values({ kind: input.kind, match_key: input.matchKey, slug: input.slug, name: input.name, created_at: input.now, updated_at: input.now })
        .onConflict((oc) => oc.columns(['kind', 'match_key']).doNothing())
        .execute();
      return db.selectFrom('topics').selectAll().where('kind', '=', input.kind).where('match_key', '=', input.matchKey).executeTakeFirstOrThrow();
    },
    async update(id: number, change: { name?: string | undefined; slug?: string | undefined; now: string }): Promise<TopicRow | undefined> {
      return db
        .updateTable('topics')
        .set({ updated_at: change.now, ...(change.name !== undefined ? { name: change.name } : {}), ...(change.slug !== undefined ? { slug: change.slug } : {}) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
    },
    /** Every topic with the number of articles (any status) showing it. */
    async listWithCounts(): Promise<(TopicRow & { article_count: number })[]> {
      const rows = await db
        .selectFrom('topics')
        .leftJoin('article_topics', (join) => join.onRef('article_topics.topic_id', '=', 'topics.id').on('article_topics.removed', '=', 0))
        .selectAll('topics')
        .select((eb) => eb.fn.count('article_topics.article_id').as('article_count'))
        .groupBy(['topics.id', 'topics.kind', 'topics.match_key', 'topics.slug', 'topics.name', 'topics.created_at', 'topics.updated_at'])
        .orderBy('topics.name')
        .execute();
      return rows.map((r) => ({ ...r, article_count: Number(r.article_count) }));
    },
    async articleExists(id: number): Promise<boolean> {
      return (await db.selectFrom('articles').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },
    /** Every article id, oldest first (for re-detection over the archive). */
    async allArticleIds(afterId: number, limit: number): Promise<number[]> {
      const rows = await db.selectFrom('articles').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
      return rows.map((r) => r.id);
    },
    /** The article's topic links (removed ones too), in order. */
    async linksOf(articleId: number): Promise<ArticleTopicLinkRow[]> {
      return topicLinksOf(db, articleId);
    },
    /**
     * Makes the article's detected links exactly `topicIds` (in that order) in one transaction:
     * editor-added links stay, links an editor removed stay removed, other detected links that
     * were not found again go.
     */
    async replaceDetected(articleId: number, topicIds: number[], now: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('article_topics').selectAll().where('article_id', '=', articleId).execute();
        const byTopic = new Map(existing.map((row) => [row.topic_id, row]));
        const wanted = new Set(topicIds);
        const stale = existing.filter((row) => row.source === 'auto' && row.removed === 0 && !wanted.has(row.topic_id)).map((row) => row.topic_id);
        if (stale.length > 0) await trx.deleteFrom('article_topics').where('article_id', '=', articleId).where('topic_id', 'in', stale).execute();
        const editorCount = existing.filter((row) => row.source === 'editor' && row.removed === 0).length;
        let position = editorCount;
        for (const topicId of topicIds) {
          const row = byTopic.get(topicId);
          if (row && (row.removed === 1 || row.source === 'editor')) continue;
          if (row) await trx.updateTable('article_topics').set({ position }).where('article_id', '=', articleId).where('topic_id', '=', topicId).execute();
          else await trx.insertInto('article_topics').values({ article_id: articleId, topic_id: topicId, source: 'auto', removed: 0, position, created_at: now }).execute();
          position += 1;
        }
      });
    },
    /** Links a topic by an editor's hand (un-removing it if it was removed); false when it was already shown. */
    async addByEditor(articleId: number, topicId: number, now: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('article_topics').selectAll().where('article_id', '=', articleId).where('topic_id', '=', topicId).executeTakeFirst();
        if (row && row.removed === 0) return false;
        const top = await trx.selectFrom('article_topics').select((eb) => eb.fn.max('position').as('max')).where('article_id', '=', articleId).executeTakeFirst();
        const position = Number(top?.max ?? -1) + 1;
        if (row) await trx.updateTable('article_topics').set({ removed: 0, source: 'editor', position }).where('article_id', '=', articleId).where('topic_id', '=', topicId).execute();
        else await trx.insertInto('article_topics').values({ article_id: articleId, topic_id: topicId, source: 'editor', removed: 0, position, created_at: now }).execute();
        return true;
      });
    },
    /** Marks the link removed (kept, so detection does not bring it back); false when there was no shown link. */
    async removeByEditor(articleId: number, topicId: number): Promise<boolean> {
      const result = await db.updateTable('article_topics').set({ removed: 1 }).where('article_id', '=', articleId).where('topic_id', '=', topicId).where('removed', '=', 0).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    /** Ids of the public stories showing the topic, newest first. */
    async publishedArticleIds(topicId: number, options: { now: string; limit: number; offset: number }): Promise<number[]> {
      const rows = await publishedWithTopic(db, topicId, options.now)
        .select('articles.id')
        .orderBy('articles.published_at', 'desc')
        .orderBy('articles.id', 'desc')
        .limit(options.limit)
        .offset(options.offset)
        .execute();
      return rows.map((r) => r.id);
    },
    async countPublished(topicId: number, now: string): Promise<number> {
      const row = await publishedWithTopic(db, topicId, now).select((eb) => eb.fn.countAll().as('count')).executeTakeFirst();
      return Number(row?.count ?? 0);
    },
  };
}

function publishedWithTopic(db: Kysely<Database>, topicId: number, now: string) {
  return db
    .selectFrom('article_topics')
    .innerJoin('articles', 'articles.id', 'article_topics.article_id')
    .where('article_topics.topic_id', '=', topicId)
    .where('article_topics.removed', '=', 0)
    .where('articles.status', '=', 'published')
    .where('articles.deleted_at', 'is', null)
    .where('articles.published_at', 'is not', null)
    .where('articles.published_at', '<=', now);
}
