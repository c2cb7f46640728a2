import { z } from 'zod';

/**
 * Every setting Broadsheet reads, with its default and meaning.
 * Environment variables use these names; the optional JSON config file uses the same keys.
 */
export const configSchema = z
  .object({
    /** HOST — interface to listen on. Default 127.0.0.1. */
    HOST: z.string().min(1).default('127.0.0.1'),
    /** PORT — TCP port to listen on. Default 3000. */
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** DATA_DIR — folder for the SQLite database and media files. Default ./data. */
    DATA_DIR: z.string().min(1).default('./data'),
    /** DATABASE_URL — unset: SQLite in DATA_DIR; postgres://… : PostgreSQL. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    /** REDIS_URL — optional redis://… for shared caches when several processes run. */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
    /** WORKERS — server processes sharing PORT (node:cluster), a number or "auto" (one per CPU core); more than 1 needs REDIS_URL. Default 1. */
    WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(256)]).default(1),
    /** REDIS_KEY_PREFIX — prefix of every Redis key and pub/sub channel Broadsheet uses, so several sites (or test runs) can share one Redis. Default "bs:". */
    REDIS_KEY_PREFIX: z.string().min(1).max(100).regex(/^[A-Za-z0-9:_.-]+$/, 'letters, digits and : _ . - only').default('bs:'),
    /** PURGE_WEBHOOK_URL — optional http(s) URL POSTed {"keys":[…]} or {"all":true} on every page-cache invalidation (e.g. to purge a CDN by Surrogate-Key); fire-and-forget, 2 s timeout. */
    PURGE_WEBHOOK_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
    /** TRENDING_STALE_MS — cached pages that show a time-dependent block (Surrogate-Key "trending") are served stale after this long while one background render refreshes them. Default 60000. */
    TRENDING_STALE_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
    /** SCHEDULER_INTERVAL_MS — how often scheduled stories are looked for and published (every process may run it; each story goes live once). Default 15000. */
    SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
    /** PUBLIC_URL — canonical origin of the site, e.g. https://news.example.com. Default http://HOST:PORT. */
    PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
    /** DEMO_CONTENT — seed the demo newspaper when the database is empty. Default true. */
    DEMO_CONTENT: z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
      .transform((value) => value === true || value === 'true' || value === '1')
      .default(true),
    /** LOG_LEVEL — pino level: fatal, error, warn, info, debug, trace, silent. Default info. */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** SMTP_URL — smtp(s)://user:pass@host:port for outgoing mail; unset: .eml files in DATA_DIR/outbox. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .optional(),
    /** MAIL_FROM — sender of invitations and password resets. Default "Broadsheet <newsroom@localhost>". */
    MAIL_FROM: z.string().min(3).max(200).default('Broadsheet <newsroom@localhost>'),
    /** PAGE_CACHE_BYTES — memory for rendered reader pages (with their gzip and brotli bodies). 0 turns the cache off. Default 256 MB. */
    PAGE_CACHE_BYTES: z.coerce.number().int().min(0).default(268_435_456),
    /** SITE_CONTEXT_CACHE_MS — how long reader pages reuse the publication settings, section tree and footer pages they read; dropped at once on every Admin API change. 0 reads them for every page. Default 1000. */
    SITE_CONTEXT_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).default(1000),
    /** THEME_DIR — folder of the Liquid theme. Default ./themes/default. */
    THEME_DIR: z.string().min(1).default('./themes/default'),
    /** MEDIA_MAX_BYTES — largest media upload accepted, in bytes. Default 20971520 (20 MB). */
    MEDIA_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(20 * 1024 * 1024),
    /** FEED_FULL_CONTENT — feeds carry each story's whole body (true) or its standfirst only (false). Default true. */
    FEED_FULL_CONTENT: z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
      .transform((value) => value === true || value === 'true' || value === '1')
      .default(true),
    /** TRENDING_HALF_LIFE_HOURS — Trending Stories: a page view this many hours old counts half as much as one now (views older than 48 h never count). Default 6. */
    TRENDING_HALF_LIFE_HOURS: z.coerce.number().min(0.25).max(48).default(6),
    /** REACTION_TYPES — comma-separated reaction set under each story, in order. Default like,love,surprised,sad,angry. */
    REACTION_TYPES: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,19}(,[a-z][a-z0-9_-]{0,19}){0,19}$/, 'must be 1–20 comma-separated lower-case ids such as like,love')
      .default('like,love,surprised,sad,angry'),
    /** COMMENT_MAX_LINKS — most links a reader comment may contain. Default 3. */
    COMMENT_MAX_LINKS: z.coerce.number().int().min(0).max(50).default(3),
    /** SEARCH_PER_MINUTE — searches one address may run per minute (reader page and Content API; page-cache hits do not count). Default 60. */
    SEARCH_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
    /** COMMENTS_PER_MINUTE — comments one reader may post per minute (one address: twice this). Default 5. */
    COMMENTS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(5),
    /** COMMENT_MIN_SECONDS — least seconds between loading the comment form and posting it (bots post at once). Default 3. */
    COMMENT_MIN_SECONDS: z.coerce.number().min(0).max(600).default(3),
  })
  .strict();

/** The validated, frozen configuration passed to `buildApp`. */
export type Config = Readonly<
  Omit<z.output<typeof configSchema>, 'PUBLIC_URL'> & { PUBLIC_URL: string }
>;

/** Keys that may be set; anything else in the config file is a mistake. */
export const configKeys = Object.keys(configSchema.shape) as (keyof typeof configSchema.shape)[];
