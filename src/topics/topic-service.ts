import type { ArticleService } from '../articles/index.js';
import type { ArticleChange } from '../articles/index.js';
import type { AuditActor, AuditLog } from '../audit/index.js';
import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import type { TopicRow } from '../platform/db/tables-collections.js';
import { slugify } from '../platform/slug.js';
import { topicCacheKey } from './topic.js';
import type { ArticleTopic, Topic, TopicKind } from './topic.js';
import { detectTopics, topicKey } from './topic-detection.js';
import { topicErrors } from './topic-errors.js';
import { addTopicBodySchema, parseTopicInput, renameTopicBodySchema } from './topic-schemas.js';
import type { ArticleTopicLinkRow, TopicStore } from './topic-store.js';

/** Default delay between a story change and its topic detection. */
export const DEFAULT_DETECTION_DELAY_MS = 2_000;

/** Who makes a change, and the audit log it is recorded in. */
export interface TopicChangeContext {
  actor: AuditActor;
  audit: Pick<AuditLog, 'record'>;
}

/** An editor's change to topics, with the page-cache keys of the pages it changes. */
export interface TopicWrite<T> {
  result: T;
  changedKeys: string[];
}

const toTopic = (row: TopicRow): Topic => ({ id: row.id, kind: row.kind as TopicKind, slug: row.slug, name: row.name });
const toArticleTopic = (row: ArticleTopicLinkRow): ArticleTopic => ({ ...toTopic(row), source: row.source === 'editor' ? 'editor' : 'auto', removed: row.removed === 1, position: row.position });

/**
 * Detected topics: finds people, places and organisations in every story when it changes (and
 * for the whole archive on `reindexAll`), and lets editors add, remove and rename them. An
 * editor's removal sticks: re-detection never brings a removed topic back to that story.
 */
export function createTopicService(deps: {
  store: TopicStore;
  clock: Clock;
  articles: Pick<ArticleService, 'getArticle' | 'findPublishedById'>;
  /** How long after a story change its topics are detected; saves within it coalesce. Default 2 s. */
  detectionDelayMs?: number;
  onError?: (error: unknown, articleId: number) => void;
}) {
  const { store, clock, articles } = deps;
  const delayMs = deps.detectionDelayMs ?? DEFAULT_DETECTION_DELAY_MS;
  const onError = deps.onError ?? ((error, articleId) => console.error(`topics: detection for article ${articleId} failed`, error));
  const pageListeners = new Set<(keys: string[]) => void>();
  // Detection is CPU work (compromise tags every sentence): it runs after the write is
  // acknowledged, one article at a time, and rapid saves of one story (autosave) coalesce.
  const due = new Map<number, ReturnType<typeof setTimeout>>();
  const ready: number[] = [];
  let running: Promise<void> | undefined;
  const startQueue = () => {
    running ??= (async () => {
      for (let id = ready.shift(); id !== undefined; id = ready.shift()) {
        await new Promise((resolve) => setImmediate(resolve)); // let waiting requests run in between
        try {
          const keys = await detectForArticle(id);
          if (keys.length > 0) for (const listener of pageListeners) listener(keys);
        } catch (error) {
          onError(error, id);
        }
      }
    })().finally(() => {
      running = undefined;
      if (ready.length > 0) startQueue();
    });
  };
  const makeReady = (articleId: number) => {
    clearTimeout(due.get(articleId));
    due.delete(articleId);
    if (!ready.includes(articleId)) ready.push(articleId);
    startQueue();
  };
  const record = (change: TopicChangeContext, action: string, objectId: number, details: Record<string, unknown>) =>
    change.audit.record({ actor: change.actor, action, objectType: 'topic', objectId, details });

  /** A slug no other topic has: the name's, then with the kind, then numbered. */
  async function freeSlug(name: string, kind: TopicKind): Promise<string> {
    const base = slugify(name, 70);
    for (const candidate of [base, `${base}-${kind}`]) if ((await store.slugOwner(candidate)) === undefined) return candidate;
    for (let n = 2; ; n++) if ((await store.slugOwner(`${base}-${kind}-${n}`)) === undefined) return `${base}-${kind}-${n}`;
  }

  async function ensureTopic(kind: TopicKind, name: string): Promise<TopicRow> {
    const matchKey = topicKey(name);
    const existing = await store.findByKey(kind, matchKey);
    if (existing) return existing;
    return store.ensure({ kind, matchKey, slug: await freeSlug(name, kind), name, now: nowIso(clock) });
  }

  /**
   * Re-detects one article's topics; returns the keys of the public pages that changed: when the
   * story is public, the pages of the topics it had and has, and its own page if they differ.
   */
  async function detectForArticle(articleId: number): Promise<string[]> {
    const article = await articles.getArticle(articleId);
    if (!article) return [];
    const before = await store.linksOf(articleId);
    const detected = await detectTopics({ title: article.headline, text: [article.dek, article.bodyText].filter(Boolean).join('\n\n') });
    const topics = [];
    for (const found of detected) topics.push(await ensureTopic(found.kind, found.name));
    await store.replaceDetected(articleId, topics.map((t) => t.id), nowIso(clock));
    // Only a public story shows on topic pages; its own page and old topic pages go with the article's keys.
    if (!(await articles.findPublishedById(articleId))) return [];
    const after = await store.linksOf(articleId);
    const shown = (links: ArticleTopicLinkRow[]) => links.filter((l) => l.removed === 0).map((l) => l.id).join(',');
    const ownPage = shown(before) === shown(after) ? [] : [`article:${articleId}`];
    return [...new Set([...ownPage, ...[...before, ...after].filter((l) => l.removed === 0).map((l) => topicCacheKey(l.id))])];
  }

  return {
    detectForArticle,

    /**
     * The change-feed listener: schedules re-detection after every committed create or update
     * (`detectionDelayMs` later, in the background); the pages it changes are then dropped
     * through `onPagesChanged`.
     */
    onArticleChanged(change: ArticleChange): void {
      if (change.kind === 'purged') {
        clearTimeout(due.get(change.articleId)); // its links went with it (foreign key cascade)
        due.delete(change.articleId);
        return;
      }
      clearTimeout(due.get(change.articleId));
      const timer = setTimeout(() => makeReady(change.articleId), delayMs);
      timer.unref();
      due.set(change.articleId, timer);
    },

    /** Runs every scheduled detection now and resolves when none is left (tests, the demo, shutdown). */
    async whenIdle(): Promise<void> {
      for (const id of [...due.keys()]) makeReady(id);
      while (running) await running;
    },

    /** Drops scheduled detections that have not started and waits for the one running (the app is closing). */
    async stop(): Promise<void> {
      for (const timer of due.values()) clearTimeout(timer);
      due.clear();
      ready.length = 0;
      while (running) await running;
    },

    /** Called with the page-cache keys whenever detection after a story change alters public pages. */
    onPagesChanged(listener: (keys: string[]) => void): () => void {
      pageListeners.add(listener);
      return () => void pageListeners.delete(listener);
    },

    /** Re-detects topics for every article (the `reindex` command and the demo). Returns how many were processed. */
    async reindexAllTopics(options: { log?: (line: string) => void } = {}): Promise<number> {
      let done = 0;
      for (let after = 0; ; ) {
        const ids = await store.allArticleIds(after, 200);
        if (ids.length === 0) break;
        for (const id of ids) {
          await detectForArticle(id);
          done += 1;
        }
        after = ids[ids.length - 1]!;
        options.log?.(`topics: ${done} articles`);
      }
      return done;
    },

    async findTopic(slug: string): Promise<Topic | undefined> {
      const row = await store.findBySlug(slug);
      return row ? toTopic(row) : undefined;
    },

    async getTopic(id: number): Promise<Topic> {
      const row = await store.findById(id);
      if (!row) throw topicErrors.notFound(id);
      return toTopic(row);
    },

    async listTopicsWithArticleCounts(): Promise<{ topic: Topic; articleCount: number }[]> {
      return (await store.listWithCounts()).map((row) => ({ topic: toTopic(row), articleCount: row.article_count }));
    },

    /** The topics an article shows, most salient first (removed ones left out). */
    async topicsOfArticle(articleId: number): Promise<ArticleTopic[]> {
      return (await store.linksOf(articleId)).filter((l) => l.removed === 0).map(toArticleTopic);
    },

    /** Every topic link of an article for editors, removed ones included (flagged). */
    async listArticleTopics(articleId: number): Promise<ArticleTopic[]> {
      if (!(await store.articleExists(articleId))) throw topicErrors.articleNotFound(articleId);
      return (await store.linksOf(articleId)).map(toArticleTopic);
    },

    /** Admin API body `{ name, kind }`: the topic (found by name, or new) is added to the article. */
    async addTopicToArticle(articleId: number, body: unknown, change: TopicChangeContext): Promise<TopicWrite<ArticleTopic>> {
      const input = parseTopicInput(addTopicBodySchema, body);
      if (!(await store.articleExists(articleId))) throw topicErrors.articleNotFound(articleId);
      const topic = await ensureTopic(input.kind, input.name);
      if (!(await store.addByEditor(articleId, topic.id, nowIso(clock)))) throw topicErrors.alreadyOnArticle(topic.name);
      const link = (await store.linksOf(articleId)).find((l) => l.id === topic.id)!;
      await record(change, 'topic.add_to_article', topic.id, { article_id: articleId, name: topic.name, kind: topic.kind });
      return { result: toArticleTopic(link), changedKeys: [`article:${articleId}`, topicCacheKey(topic.id)] };
    },

    /** Hides a topic from an article for good (detection will not add it back). */
    async removeTopicFromArticle(articleId: number, topicId: number, change: TopicChangeContext): Promise<TopicWrite<undefined>> {
      if (!(await store.articleExists(articleId))) throw topicErrors.articleNotFound(articleId);
      const topic = await store.findById(topicId);
      if (!topic) throw topicErrors.notFound(topicId);
      if (!(await store.removeByEditor(articleId, topicId))) throw topicErrors.notOnArticle(topicId, articleId);
      await record(change, 'topic.remove_from_article', topicId, { article_id: articleId, name: topic.name, kind: topic.kind });
      return { result: undefined, changedKeys: [`article:${articleId}`, topicCacheKey(topicId)] };
    },

    /** Renames a topic (and optionally changes its slug, i.e. its page's URL). Detection keeps matching the original name. */
    async renameTopic(id: number, body: unknown, change: TopicChangeContext): Promise<TopicWrite<Topic>> {
      const input = parseTopicInput(renameTopicBodySchema, body);
      const before = await store.findById(id);
      if (!before) throw topicErrors.notFound(id);
      if (input.slug !== undefined) {
        const owner = await store.slugOwner(input.slug);
        if (owner !== undefined && owner !== id) throw topicErrors.slugTaken(input.slug);
      }
      const row = await store.update(id, { name: input.name, slug: input.slug, now: nowIso(clock) });
      if (!row) throw topicErrors.notFound(id);
      await record(change, 'topic.rename', id, { before: { name: before.name, slug: before.slug }, after: { name: row.name, slug: row.slug } });
      return { result: toTopic(row), changedKeys: [topicCacheKey(id)] };
    },

    /** A page of the public stories showing a topic (ids, newest first) and how many there are. */
    async publishedArticleIds(topicId: number, page: { limit: number; offset: number }): Promise<{ ids: number[]; total: number }> {
      const now = nowIso(clock);
      const [ids, total] = await Promise.all([store.publishedArticleIds(topicId, { now, ...page }), store.countPublished(topicId, now)]);
      return { ids, total };
    },
  };
}

export type TopicService = ReturnType<typeof createTopicService>;
