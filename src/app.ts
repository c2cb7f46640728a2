import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { sql } from 'kysely';
import { pino } from 'pino';
import { createOutboxMailer, createSmtpMailer } from './mail/index.js';
import { createRedisClient } from './platform/redis/create-redis.js';
import { createBackgroundRevalidator, createCachingServerFactory, createPageCache, createPurgeWebhook, installPageCacheStore } from './page-cache/index.js';
import { createInvalidationBus } from './cluster/index.js';
import { memoryAttemptLimiters, redisAttemptLimiters } from './platform/http/attempt-limiter.js';
import type { PageCache } from './page-cache/index.js';
import { createRedisSessionStore } from './users/index.js';
import { createAppServices } from './app-services.js';
import type { AppServices } from './app-services.js';
import type { Config } from './config/config-schema.js';
import { adminApiPlugin, createAdminRouteCatalog } from './admin-api/index.js';
import type { AdminRouteEntry } from './admin-api/index.js';
import { publicPageKeys, startArticleScheduler } from './articles/index.js';
import { createBeaconFastPath, trendingRoutes } from './trending/index.js';
import { contentApiRoutes } from './content-api/index.js';
import { systemClock } from './platform/clock.js';
import type { Clock } from './platform/clock.js';
import { createDatabase } from './platform/db/create-db.js';
import type { DatabaseHandle } from './platform/db/create-db.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { installErrorHandlers, sendNotFound } from './platform/http/error-handler.js';
import type { ErrorHandlerOptions } from './platform/http/error-handler.js';
import { httpErrors, sendProblem } from './platform/http/problem-details.js';
import { syndicationRoutes } from './feeds/index.js';
import { createThemeEngine } from './site/theme-engine.js';
import { createSiteContextSource, loadSiteContext, publicReactionRoutes, renderNotFoundPage, renderServerErrorPage, siteRoutes } from './site/index.js';

/** Longest request URL accepted; longer ones get 414 before any routing. */
export const MAX_URL_LENGTH = 4096;

export interface BuildAppOptions {
  config: Config;
  /** An open database (tests pass their own); otherwise one is opened from config. */
  database?: DatabaseHandle;
  clock?: Clock;
  /** Pino logging; off in tests. Default: on at config.LOG_LEVEL. */
  logger?: boolean;
  /** Scheduled publishing: false turns it off (tests drive it directly); default every 15 s. */
  scheduler?: false | { intervalMs: number };
}

export interface BuiltApp {
  app: FastifyInstance;
  /** The rendered-page cache (undefined when PAGE_CACHE_BYTES is 0). */
  pageCache: PageCache | undefined;
  /**
   * Drops everything kept from the content (rendered pages, the site context). The app calls it
   * after every successful Admin API write and scheduled publication; call it after changing
   * content another way (services directly, imports) when readers must see the change at once.
   */
  contentChanged(keys?: string[] | null): void;
  /** Every Admin API route registered (method, path, role gate). */
  adminRoutes: AdminRouteEntry[];
  services: AppServices;
  database: DatabaseHandle;
}

/** Opens the database from config and brings its schema up to date. */
export async function openDatabase(config: Config): Promise<DatabaseHandle> {
  const database = await createDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/**
 * The composition root: picks adapters, wires services and registers every route plugin.
 * It never listens; `main.ts` and the CLI do, and tests use `app.inject()`.
 */
export async function buildApp(options: BuildAppOptions): Promise<BuiltApp> {
  const { config } = options;
  const database = options.database ?? (await openDatabase(config));
  const clock = options.clock ?? systemClock;
  const logger = pino({ level: options.logger === false ? 'silent' : config.LOG_LEVEL });
  const mailer = config.SMTP_URL
    ? createSmtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM })
    : createOutboxMailer({ dir: join(config.DATA_DIR, 'outbox'), from: config.MAIL_FROM, log: (line) => logger.info(line) });
  // With REDIS_URL, state that several processes must share (sessions, sign-in attempt counts,
  // cache invalidation) lives in Redis; without it, one process keeps all of it in memory.
  const redis = config.REDIS_URL ? await createRedisClient(config.REDIS_URL) : undefined;
  const sessions = redis ? createRedisSessionStore(redis, config.REDIS_KEY_PREFIX) : undefined;
  const attemptLimiters = redis ? redisAttemptLimiters(redis, config.REDIS_KEY_PREFIX) : memoryAttemptLimiters;
  const services = createAppServices({ db: database.db, clock, dataDir: config.DATA_DIR, mediaMaxBytes: config.MEDIA_MAX_BYTES, publicUrl: config.PUBLIC_URL, mailer, attemptLimiters, publicReaction: { reactionTypes: config.REACTION_TYPES, commentMaxLinks: config.COMMENT_MAX_LINKS, commentsPerMinute: config.COMMENTS_PER_MINUTE, commentMinSeconds: config.COMMENT_MIN_SECONDS }, searchPerMinute: config.SEARCH_PER_MINUTE, ...(sessions ? { sessions } : {}), trending: { ...(redis ? { redis, keyPrefix: `${config.REDIS_KEY_PREFIX}trending:` } : {}), halfLifeHours: config.TRENDING_HALF_LIFE_HOURS, onError: (error) => logger.error({ err: error }, 'trending: flushing page views failed; kept for the next flush') } });
  const theme = createThemeEngine(config.THEME_DIR);
  const mediaDir = join(config.DATA_DIR, 'media');
  mkdirSync(mediaDir, { recursive: true });

  // Every page needs settings, sections and footer pages: kept briefly, dropped on every change.
  const siteContext = createSiteContextSource({ load: () => loadSiteContext(services, config.PUBLIC_URL), ttlMs: config.SITE_CONTEXT_CACHE_MS });
  const siteOptions = { services, theme, publicUrl: config.PUBLIC_URL, siteContext };
  const errorPages: ErrorHandlerOptions = {
    renderHtmlError: (status) => (status === 404 ? renderNotFoundPage(siteOptions) : renderServerErrorPage(siteOptions)),
  };

  const pageCache = config.PAGE_CACHE_BYTES > 0 ? createPageCache({ maxBytes: config.PAGE_CACHE_BYTES }) : undefined;
  const revalidator = pageCache ? createBackgroundRevalidator(pageCache, logger) : undefined;
  const purgeWebhook = config.PURGE_WEBHOOK_URL ? createPurgeWebhook({ url: config.PURGE_WEBHOOK_URL, log: logger }) : undefined;
  /** Drops this process's rendered pages showing `keys`, or everything when the change is not known exactly. */
  const applyChange = (keys: string[] | null): void => {
    // The site context (settings, section tree, footer pages) is cheap to reload: always fresh after a change.
    siteContext.reset();
    if (keys && !keys.includes('site')) pageCache?.invalidate(keys);
    else pageCache?.clear();
  };
  // Several processes: each change is applied here, then announced to the others over Redis.
  const bus = redis
    ? await createInvalidationBus({ redis, prefix: config.REDIS_KEY_PREFIX, onRemoteChange: applyChange, onResync: () => applyChange(null), log: logger })
    : undefined;
  const contentChanged = (keys?: string[] | null): void => {
    const exact = keys ?? null;
    if (exact && exact.length === 0) return;
    applyChange(exact);
    bus?.publish(exact);
    // Only the process that made the change calls the webhook: one purge per change.
    purgeWebhook?.notify(exact && !exact.includes('site') ? exact : null);
  };
  /** The reader pages showing these stories now (see publicPageKeys). */
  const publicKeysOfArticles = async (ids: number[]): Promise<string[]> => {
    const [tree, articles] = await Promise.all([services.sections.getTree(), Promise.all(ids.map((id) => services.articles.getArticle(id)))]);
    const now = clock.now().toISOString();
    return [...new Set(articles.flatMap((article) => publicPageKeys(article, { parentOf: (sectionId: number) => tree.byId.get(sectionId)?.parentId }, now)))];
  };
  // A story's change can change other stories' Related lists: drop exactly those pages.
  services.related.onListsChanged((articleIds) => contentChanged(articleIds.map((id) => `article:${id}`)));
  // View beacons are answered before Fastify (and before the page cache's lookup has work to do).
  const beaconFastPath = createBeaconFastPath(services.trending, (error) => logger.error({ err: error }, 'trending: a beacon failed'));
  const serverFactory = (handler: (request: IncomingMessage, response: ServerResponse) => void) => {
    const withBeacons = (request: IncomingMessage, response: ServerResponse) => {
      if (!beaconFastPath(request, response)) handler(request, response);
    };
    return pageCache ? createCachingServerFactory(pageCache, { clock, ...(revalidator ? { revalidator } : {}) })(withBeacons) : createServer(withBeacons);
  };
  // Topic detection after a story change alters topic pages the article routes cannot name.
  services.topics.onPagesChanged((keys) => contentChanged(keys));
  const app = Fastify({
    serverFactory,
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: true,
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
    // Per-request lines only at debug/trace: at info they would cost more than a cached page.
    logController: new LogController({ disableRequestLogging: config.LOG_LEVEL !== 'debug' && config.LOG_LEVEL !== 'trace' }),
    // A URL that cannot be decoded is a page that does not exist: 404, never 400 or 500.
    frameworkErrors: (error, request, reply) => {
      if (error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_ASYNC_CONSTRAINT') return sendNotFound(request, reply, errorPages);
      return sendProblem(request, reply, httpErrors.invalidRequest(error.message));
    },
  });
  app.addHook('onClose', async () => services.topics.stop());
  if (!options.database) app.addHook('onClose', async () => database.close());
  // Background renders and webhook calls finish before the database and Redis close.
  app.addHook('preClose', async () => {
    await revalidator?.idle();
    await purgeWebhook?.idle();
  });
  if (redis) {
    app.addHook('onClose', async () => {
      await bus?.close();
      await redis.quit();
    });
  }
  revalidator?.attach(app);

  // Refuse oversized URLs before routing so no handler ever sees them.
  app.addHook('onRequest', async (request, reply) => {
    if (request.raw.url && request.raw.url.length > MAX_URL_LENGTH) return sendProblem(request, reply, httpErrors.uriTooLong());
  });

  const isHttps = config.PUBLIC_URL.startsWith('https:');
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        ...(isHttps ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: isHttps ? { maxAge: 15552000, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
    // Obsolete headers: X-XSS-Protection drove a removed browser filter (helmet sends "0" to
    // disable it) and X-Download-Options only ever mattered to Internet Explorer 8. Every cached
    // hit replays its headers, so headers that do nothing are left out.
    xXssProtection: false,
    xDownloadOptions: false,
  });

  await app.register(fastifyStatic, { root: theme.assetsDir, prefix: '/assets/', maxAge: '1h', index: false, wildcard: true });
  await app.register(fastifyStatic, { root: mediaDir, prefix: '/media/', maxAge: '7d', immutable: true, index: false, decorateReply: false });

  app.get('/healthz', async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    try {
      await sql`select 1`.execute(database.db);
      return reply.header('cache-control', 'no-store').send({ status: 'ready', database: database.dialect });
    } catch (error) {
      request.log.error({ err: error }, 'readiness check failed');
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable', database: database.dialect });
    }
  });

  installErrorHandlers(app, errorPages);
  const adminRoutes = createAdminRouteCatalog();
  await app.register(adminApiPlugin, { prefix: '/api/admin/v1', services, config, catalog: adminRoutes, onContentChanged: contentChanged });
  await app.register(contentApiRoutes, { prefix: '/api/content/v1', services, publicUrl: config.PUBLIC_URL });
  if (pageCache) installPageCacheStore(app, pageCache, clock, { timeDependentFreshMs: config.TRENDING_STALE_MS });
  await app.register(syndicationRoutes, { services, publicUrl: config.PUBLIC_URL, clock, isFullContent: config.FEED_FULL_CONTENT });
  await app.register(trendingRoutes, { trending: services.trending });
  // Counted page views still in memory are written before the database closes.
  app.addHook('preClose', async () => services.trending.stop());
  await app.register(publicReactionRoutes, { ...siteOptions, contentChanged });
  await app.register(siteRoutes, siteOptions);

  // Scheduled publishing: a catch-up pass now (what fell due while down), then every interval.
  // Stopped in preClose, before the database closes.
  if (options.scheduler !== false) {
    const scheduler = await startArticleScheduler({ publishDue: async () => {
        const result = await services.articleWorkflow.publishDue();
        // Scheduled stories going live change the pages they now show on, exactly like a publish.
        if (result.published.length > 0) contentChanged(await publicKeysOfArticles(result.published));
        return result;
      }, intervalMs: options.scheduler?.intervalMs ?? config.SCHEDULER_INTERVAL_MS, log: logger });
    app.addHook('preClose', async () => scheduler.stop());
  }

  return { app, services, database, adminRoutes: adminRoutes.entries, pageCache, contentChanged };
}
