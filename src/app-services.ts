import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Redis } from 'ioredis';
import { createArticleChangeFeed, createArticleLockStore, createArticleRevisionStore, createArticleService, createArticleStore, createArticleWorkflowService, createArticleWorkflowStore } from './articles/index.js';
import { createAuditLog, createAuditStore } from './audit/index.js';
import { createAuthorService, createAuthorStore } from './authors/index.js';
import { createImportService, createImportStore } from './imports/index.js';
import { createMediaService, createMediaStore } from './media/index.js';
import { createContentKeyService, createContentKeyStore } from './content-keys/index.js';
import { createPageService, createPageStore } from './pages/index.js';
import { createRelatedService, createRelatedStore } from './related/index.js';
import { createSearchIndex, createSearchService } from './search/index.js';
import { createSectionService, createSectionStore } from './sections/index.js';
import { createSettingsService, createSettingsStore } from './settings/index.js';
import { createTagService, createTagStore, createTopicService, createTopicStore } from './topics/index.js';
import { createCollectionService, createCollectionStore } from './collections/index.js';
import { createInterchangeStore, createNinjsImportService } from './interchange/index.js';
import { createOutboxMailer } from './mail/index.js';
import type { Mailer } from './mail/index.js';
import { createCommentService, createCommentStore } from './comments/index.js';
import { createReactionService, createReactionStore, parseReactionTypes } from './reactions/index.js';
import { createReaderService, createReaderStore } from './readers/index.js';
import { createSqlSessionStore, createUserService, createUserStore } from './users/index.js';
import type { SessionStore } from './users/index.js';
import { createRedisTrendingStore, createSqlTrendingStore, createTrendingService } from './trending/index.js';
import type { Clock } from './platform/clock.js';
import type { AttemptLimiterFactory } from './platform/http/attempt-limiter.js';
import type { Database } from './platform/db/tables.js';

export interface AppServicesDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** DATA_DIR: media files and the mail outbox live under it. Default: the system temp folder. */
  dataDir?: string;
  /** Largest media upload in bytes (MEDIA_MAX_BYTES); default 20 MB. */
  mediaMaxBytes?: number;
  /** Absolute origin for links in mail. */
  publicUrl?: string;
  /** Outgoing mail; default: .eml files in DATA_DIR/outbox. */
  mailer?: Mailer;
  /** Staff sessions; default: the database (Redis when REDIS_URL is set, chosen in app.ts). */
  sessions?: SessionStore;
  /** Sign-in attempt counting; default: process memory (Redis when REDIS_URL is set, chosen in app.ts). */
  attemptLimiters?: AttemptLimiterFactory;
  /** Trending Stories: counts in Redis when given (shared by processes; key prefix default "bs:trending:"), else SQL; half-life default 6 h. */
  trending?: { redis?: Redis; keyPrefix?: string; halfLifeHours?: number; flushIntervalMs?: number; onError?: (error: unknown) => void };
  /** Reactions and comments: REACTION_TYPES, COMMENT_MAX_LINKS, COMMENTS_PER_MINUTE, COMMENT_MIN_SECONDS. */
  publicReaction?: { reactionTypes?: string; commentMaxLinks?: number; commentsPerMinute?: number; commentMinSeconds?: number };
  /** Searches one address may run per minute (SEARCH_PER_MINUTE); default 60. */
  searchPerMinute?: number;
}

/** Every domain service, wired to one database and clock. Built once per process. */
export function createAppServices(deps: AppServicesDeps) {
  const { db, clock } = deps;
  const dataDir = deps.dataDir ?? tmpdir();
  const audit = createAuditLog({ store: createAuditStore(db), clock });
  const mailer = deps.mailer ?? createOutboxMailer({ dir: join(dataDir, 'outbox'), from: 'Broadsheet <newsroom@localhost>' });
  // Committed story changes; indexes (related, search, topics) subscribe below, where they are built.
  const articleChanges = createArticleChangeFeed();
  const articles = createArticleService({ store: createArticleStore(db), clock, changes: articleChanges });
  const publicUrl = deps.publicUrl ?? 'http://127.0.0.1:3000';
  const settings = createSettingsService({ store: createSettingsStore(db), clock });
  const limiters = deps.attemptLimiters ? { attemptLimiters: deps.attemptLimiters } : {};
  const readers = createReaderService({ store: createReaderStore(db), clock, mailer, publicUrl, publicationName: async () => (await settings.getPublication()).name, ...limiters });
  const pr = deps.publicReaction ?? {};
  const services = {
    articleChanges,
    articles,
    articleWorkflow: createArticleWorkflowService({ articles: createArticleStore(db), workflow: createArticleWorkflowStore(db), revisions: createArticleRevisionStore(db), locks: createArticleLockStore(db), clock, audit, changes: articleChanges }),
    audit,
    authors: createAuthorService({ store: createAuthorStore(db), clock }),
    collections: createCollectionService({ store: createCollectionStore(db), clock, articles }),
    contentKeys: createContentKeyService({ store: createContentKeyStore(db), clock }),
    // WordPress/Ghost imports (the CLI builds its own with an image fetcher) and the old URLs they left, for 301s.
    imports: createImportService({ store: createImportStore(db), clock }),
    // No DATA_DIR given (CLI tools): the library can be read, but uploads are refused rather than written to a temp folder.
    media: createMediaService({ store: createMediaStore(db), audit, clock, mediaDir: deps.dataDir === undefined ? undefined : join(deps.dataDir, 'media'), maxBytes: deps.mediaMaxBytes }),
    pages: createPageService({ store: createPageStore(db), clock }),
    related: createRelatedService({ store: createRelatedStore(db), clock, audit }),
    search: createSearchService({ index: createSearchIndex(db), clock, findPublishedByIds: (ids) => articles.findPublishedByIds(ids), ...limiters, ...(deps.searchPerMinute ? { perAddressPerMinute: deps.searchPerMinute } : {}) }),
    sections: createSectionService({ store: createSectionStore(db), clock }),
    settings,
    readers,
    reactions: createReactionService({ store: createReactionStore(db), clock, types: parseReactionTypes(pr.reactionTypes), ...limiters }),
    comments: createCommentService({ store: createCommentStore(db), clock, audit, settings: { get: (name) => readers.getSetting(name), put: (name, value) => readers.putSetting(name, value) }, maxLinks: pr.commentMaxLinks, perMinute: pr.commentsPerMinute, minFormAgeMs: pr.commentMinSeconds === undefined ? undefined : pr.commentMinSeconds * 1000, ...limiters }),
    tags: createTagService({ store: createTagStore(db), clock }),
    trending: createTrendingService({
      store: deps.trending?.redis ? createRedisTrendingStore(deps.trending.redis, deps.trending.keyPrefix) : createSqlTrendingStore(db),
      clock,
      stories: articles,
      ...(deps.trending?.halfLifeHours !== undefined ? { halfLifeHours: deps.trending.halfLifeHours } : {}),
      ...(deps.trending?.flushIntervalMs !== undefined ? { flushIntervalMs: deps.trending.flushIntervalMs } : {}),
      ...(deps.trending?.onError ? { onError: deps.trending.onError } : {}),
    }),
    topics: createTopicService({ store: createTopicStore(db), clock, articles }),
    users: createUserService({ store: createUserStore(db), sessions: deps.sessions ?? createSqlSessionStore(db), clock, audit, mailer, publicUrl, ...(deps.attemptLimiters ? { attemptLimiters: deps.attemptLimiters } : {}) }),
  };
  const ninjsImport = createNinjsImportService({ store: createInterchangeStore(db), articles: services.articles, workflow: services.articleWorkflow, authors: services.authors, tags: services.tags, sections: services.sections, audit, clock });
  // Indexes that follow committed story changes subscribe here, one line each:
  // articleChanges.subscribe((change) => services.<index>.onArticleChanged(change));
  articleChanges.subscribe((change) => services.related.onArticleChanged(change));
  articleChanges.subscribe((change) => services.trending.onArticleChanged(change));
  articleChanges.subscribe((change) => services.topics.onArticleChanged(change));
  articleChanges.subscribe((change) => services.search.onArticleChanged(change));
  return { ...services, ninjsImport };
}

export type AppServices = ReturnType<typeof createAppServices>;
