import { AppError } from '../platform/errors/app-error.js';
import { memoryAttemptLimiters } from '../platform/http/attempt-limiter.js';
import type { AttemptLimiterFactory } from '../platform/http/attempt-limiter.js';
import type { Clock } from '../platform/clock.js';
import type { AuditActor, AuditLog } from '../audit/index.js';
import type { CommentRow, CommentStatus } from '../platform/db/tables-public-reaction.js';
import type { CommentSort, CommentStore } from './comment-store.js';
import { MAX_COMMENT_CHARS, cleanCommentText, findLinks, renderCommentHtml } from './comment-text.js';

export type ModerationMode = 'pre' | 'post';
export const EDIT_WINDOW_MS = 10 * 60_000;
export const COMMENTS_PAGE_SIZE = 20;

/** A comment as readers see it. */
export interface PublicComment {
  id: number;
  articleId: number;
  parentId: number | null;
  authorName: string;
  /** Escaped text with safe autolinks. */
  bodyHtml: string;
  body: string;
  createdAt: string;
  editedAt: string | null;
  readerId: number | null;
  replies: PublicComment[];
}

/** A comment as moderators see it. */
export interface ModeratedComment {
  id: number;
  articleId: number;
  parentId: number | null;
  readerId: number | null;
  authorName: string;
  body: string;
  status: CommentStatus;
  source: string;
  reportCount: number;
  readerBanned: boolean;
  createdAt: string;
  editedAt: string | null;
}

/** Who is posting: a signed-in reader. */
export interface CommentAuthor {
  id: number;
  displayName: string;
  isBanned: boolean;
}

export const commentErrors = {
  empty: () => new AppError({ code: 'COMMENT_EMPTY', status: 422, title: 'Empty comment', detail: 'Write something before posting.', fields: { body: 'must not be empty' } }),
  tooLong: (max: number) => new AppError({ code: 'COMMENT_TOO_LONG', status: 422, title: 'Comment too long', detail: `A comment can be at most ${max} characters.`, fields: { body: `must be at most ${max} characters` } }),
  tooManyLinks: (max: number) => new AppError({ code: 'COMMENT_TOO_MANY_LINKS', status: 422, title: 'Too many links', detail: `A comment can contain at most ${max} links.`, fields: { body: `at most ${max} links` } }),
  closed: () => new AppError({ code: 'COMMENTS_CLOSED', status: 409, title: 'Comments closed', detail: 'Comments on this story are closed.' }),
  parentMissing: () => new AppError({ code: 'COMMENT_PARENT_MISSING', status: 422, title: 'Cannot reply', detail: 'The comment you are replying to does not exist or is no longer shown.', fields: { parent_id: 'no such comment on this story' } }),
  banned: () => new AppError({ code: 'READER_BANNED', status: 403, title: 'Not allowed to comment', detail: 'Your account may no longer post comments.' }),
  nameRequired: () => new AppError({ code: 'READER_NAME_REQUIRED', status: 409, title: 'Choose a display name', detail: 'Choose a display name on your account page before commenting.' }),
  tooFast: () => new AppError({ code: 'COMMENT_TOO_FAST', status: 429, title: 'Posted too quickly', detail: 'That was very fast. Wait a few seconds, then post again.' }),
  spam: () => new AppError({ code: 'COMMENT_REJECTED', status: 422, title: 'Comment not accepted', detail: 'Your comment could not be accepted. Reload the page and try again.' }),
  throttled: (seconds: number) => new AppError({ code: 'RATE_LIMITED', status: 429, title: 'Too many comments', detail: `You are commenting too often. Try again in ${seconds} seconds.`, extra: { retry_after: seconds } }),
  notFound: () => new AppError({ code: 'NOT_FOUND', status: 404, title: 'Not found', detail: 'There is no such comment.' }),
  notYours: () => new AppError({ code: 'FORBIDDEN', status: 403, title: 'Not allowed', detail: 'You can only edit your own comments.' }),
  editWindowOver: () => new AppError({ code: 'COMMENT_EDIT_EXPIRED', status: 409, title: 'Too late to edit', detail: 'Comments can be edited for 10 minutes after posting.' }),
  invalidMode: () => new AppError({ code: 'INVALID_REQUEST', status: 400, title: 'Invalid request', detail: 'moderation_mode must be "pre" or "post".', fields: { moderation_mode: 'must be pre or post' } }),
};

export interface CommentServiceDeps {
  /** Posting limits: shared by every process through Redis when REDIS_URL is set, in memory otherwise. */
  attemptLimiters?: AttemptLimiterFactory;
  store: CommentStore;
  clock: Clock;
  audit: AuditLog;
  /** Name/value settings of the area (the moderation mode lives there). */
  settings: { get(name: string): Promise<string | undefined>; put(name: string, value: string): Promise<void> };
  maxLinks?: number;
  /** Comments per reader per minute; the per-address limit is twice this. */
  perMinute?: number;
  /** Least time in ms between loading the form and posting it. */
  minFormAgeMs?: number;
}

/** Comments: posting, editing and reporting by readers; the moderation queue and settings for editors. */
export function createCommentService(deps: CommentServiceDeps) {
  const { store, clock, audit, settings } = deps;
  const maxLinks = deps.maxLinks ?? 3;
  const perMinute = deps.perMinute ?? 5;
  const minFormAgeMs = deps.minFormAgeMs ?? 3000;
  const perReader = (deps.attemptLimiters ?? memoryAttemptLimiters)({ name: 'comments-per-reader', maxFailures: perMinute, windowMs: 60_000 });
  const perAddress = (deps.attemptLimiters ?? memoryAttemptLimiters)({ name: 'comments-per-address', maxFailures: perMinute * 2, windowMs: 60_000 });
  const now = () => clock.now().toISOString();

  const parseBody = (raw: unknown): string => {
    if (typeof raw !== 'string') throw commentErrors.empty();
    const body = cleanCommentText(raw);
    if (body === '') throw commentErrors.empty();
    if ([...body].length > MAX_COMMENT_CHARS) throw commentErrors.tooLong(MAX_COMMENT_CHARS);
    if (findLinks(body).length > maxLinks) throw commentErrors.tooManyLinks(maxLinks);
    return body;
  };
  const toPublic = (row: CommentRow, replies: PublicComment[] = []): PublicComment => ({
    id: row.id,
    articleId: row.article_id,
    parentId: row.parent_id,
    authorName: row.author_name,
    bodyHtml: renderCommentHtml(row.body),
    body: row.body,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    readerId: row.reader_id,
    replies,
  });
  const toModerated = (row: CommentRow & { reader_banned?: boolean }): ModeratedComment => ({
    id: row.id,
    articleId: row.article_id,
    parentId: row.parent_id,
    readerId: row.reader_id,
    authorName: row.author_name,
    body: row.body,
    status: row.status,
    source: row.source,
    reportCount: row.report_count,
    readerBanned: row.reader_banned ?? false,
    createdAt: row.created_at,
    editedAt: row.edited_at,
  });
  const mustFind = async (id: number): Promise<CommentRow> => {
    const row = Number.isSafeInteger(id) && id > 0 ? await store.findById(id) : undefined;
    if (!row) throw commentErrors.notFound();
    return row;
  };

  const service = {
    parseBody,
    maxLinks: () => maxLinks,
    async moderationMode(): Promise<ModerationMode> {
      return (await settings.get('moderation_mode')) === 'pre' ? 'pre' : 'post';
    },
    async setModerationMode(mode: unknown, actor: AuditActor): Promise<ModerationMode> {
      if (mode !== 'pre' && mode !== 'post') throw commentErrors.invalidMode();
      await settings.put('moderation_mode', mode);
      await audit.record({ actor, action: 'comments.moderation_mode', objectType: 'publication', details: { mode } });
      return mode;
    },
    isClosed: (articleId: number) => store.isClosed(articleId),
    async setClosed(articleId: number, isClosed: boolean, actor: AuditActor): Promise<void> {
      if (!(await store.articleExists(articleId))) throw new AppError({ code: 'NOT_FOUND', status: 404, title: 'Not found', detail: 'There is no such article.' });
      await store.setClosed(articleId, isClosed ? now() : null, now());
      await audit.record({ actor, action: isClosed ? 'comments.close' : 'comments.open', objectType: 'article', objectId: articleId });
    },

    /**
     * Posts a comment or reply for a signed-in reader. Spam defences: honeypot, minimum form age,
     * rate limits per reader and per address, link limit. Returns whether readers see it now.
     */
    async post(input: { articleId: number; author: CommentAuthor; body: unknown; parentId?: unknown; ipHash: string; formAgeMs: number | null; honeypot?: unknown }): Promise<{ comment: PublicComment; isVisible: boolean; status: CommentStatus }> {
      if (input.formAgeMs === null || (typeof input.honeypot === 'string' && input.honeypot !== '')) throw commentErrors.spam();
      if (input.author.isBanned) throw commentErrors.banned();
      if (input.author.displayName === '') throw commentErrors.nameRequired();
      const body = parseBody(input.body);
      if (input.formAgeMs < minFormAgeMs) throw commentErrors.tooFast();
      if (await store.isClosed(input.articleId)) throw commentErrors.closed();
      let parentId: number | null = null;
      if (input.parentId !== undefined && input.parentId !== null && input.parentId !== '') {
        const id = typeof input.parentId === 'number' ? input.parentId : /^\d{1,12}$/.test(String(input.parentId)) ? Number(input.parentId) : NaN;
        const parent = Number.isSafeInteger(id) ? await store.findById(id) : undefined;
        if (!parent || parent.article_id !== input.articleId || !(await store.isVisible(parent.id))) throw commentErrors.parentMissing();
        // Threads are one level deep: a reply to a reply joins its thread.
        parentId = parent.parent_id ?? parent.id;
      }
      const nowMs = clock.now().getTime();
      const wait = Math.max(await perReader.retryAfter(String(input.author.id), nowMs), await perAddress.retryAfter(input.ipHash, nowMs));
      if (wait > 0) throw commentErrors.throttled(wait);
      await perReader.recordFailure(String(input.author.id), nowMs);
      await perAddress.recordFailure(input.ipHash, nowMs);
      const status: CommentStatus = (await service.moderationMode()) === 'pre' ? 'pending' : 'approved';
      const row = await store.insert({ articleId: input.articleId, parentId, readerId: input.author.id, authorName: input.author.displayName, body, status, visitorHash: input.ipHash, now: now() });
      return { comment: toPublic(row), isVisible: status === 'approved', status };
    },

    /** Stores a comment as given, without spam checks (demo seeding). The body rules still apply. */
    async addSeedComment(input: { articleId: number; parentId: number | null; reader: CommentAuthor; body: string; status: CommentStatus }): Promise<PublicComment> {
      const row = await store.insert({ articleId: input.articleId, parentId: input.parentId, readerId: input.reader.id, authorName: input.reader.displayName, body: parseBody(input.body), status: input.status, visitorHash: null, now: now() });
      return toPublic(row);
    },

    /** Edits the reader's own comment within 10 minutes of posting. */
    async edit(input: { commentId: number; readerId: number; body: unknown }): Promise<{ comment: PublicComment; isVisible: boolean }> {
      const row = await mustFind(input.commentId);
      if (row.reader_id !== input.readerId || row.status === 'deleted' || row.status === 'rejected') throw commentErrors.notYours();
      if (clock.now().getTime() - Date.parse(row.created_at) > EDIT_WINDOW_MS) throw commentErrors.editWindowOver();
      const body = parseBody(input.body);
      await store.updateBody(row.id, body, now());
      const updated = await mustFind(row.id);
      return { comment: toPublic(updated), isVisible: updated.status === 'approved' };
    },

    async findOwn(commentId: number, readerId: number): Promise<PublicComment> {
      const row = await mustFind(commentId);
      if (row.reader_id !== readerId) throw commentErrors.notYours();
      return toPublic(row);
    },

    /** A reader's report; counted once per reporter. Only shown comments can be reported. */
    async report(commentId: number, reporterKey: string): Promise<{ articleId: number; isNew: boolean }> {
      const row = await mustFind(commentId);
      if (!(await store.isVisible(row.id))) throw commentErrors.notFound();
      return { articleId: row.article_id, isNew: await store.addReport(row.id, reporterKey, now()) };
    },

    /** One page of shown comments (top-level in `sort` order, each with its replies oldest first). */
    async list(articleId: number, options: { sort?: CommentSort; page?: number; pageSize?: number } = {}): Promise<{ comments: PublicComment[]; total: number; topLevel: number; page: number; pageCount: number }> {
      const pageSize = options.pageSize ?? COMMENTS_PAGE_SIZE;
      const page = Math.max(1, options.page ?? 1);
      const [top, counts] = await Promise.all([store.listTopLevel(articleId, options.sort ?? 'oldest', pageSize, (page - 1) * pageSize), store.countVisible(articleId)]);
      const replies = await store.listReplies(top.map((c) => c.id));
      const byParent = new Map<number, PublicComment[]>();
      for (const reply of replies) byParent.set(reply.parent_id ?? 0, [...(byParent.get(reply.parent_id ?? 0) ?? []), toPublic(reply)]);
      return { comments: top.map((c) => toPublic(c, byParent.get(c.id) ?? [])), total: counts.all, topLevel: counts.topLevel, page, pageCount: Math.max(1, Math.ceil(counts.topLevel / pageSize)) };
    },
    async count(articleId: number): Promise<number> {
      return (await store.countVisible(articleId)).all;
    },

    async queue(filter: { kind: 'pending' | 'reported'; articleId?: number; limit: number; afterId?: number }): Promise<ModeratedComment[]> {
      return (await store.listQueue(filter)).map(toModerated);
    },
    async get(id: number): Promise<ModeratedComment> {
      return toModerated(await mustFind(id));
    },
    /** approve / reject / delete: sets the status, clears reports, writes the audit log. Returns the article whose page changes. */
    async moderate(id: number, action: 'approve' | 'reject' | 'delete', actor: AuditActor, ip?: string): Promise<ModeratedComment> {
      const row = await mustFind(id);
      const status: CommentStatus = action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'deleted';
      await store.setStatus(row.id, status, now());
      await store.clearReports(row.id);
      await audit.record({ actor, action: `comment.${action}`, objectType: 'comment', objectId: row.id, details: { article_id: row.article_id, previous_status: row.status }, ip: ip ?? null });
      return toModerated({ ...row, status, report_count: 0 });
    },
    /** Articles with comments by this reader (their pages change when the reader is banned). */
    articleIdsOfReader: (readerId: number) => store.articleIdsOfReader(readerId),
  };
  return service;
}

export type CommentService = ReturnType<typeof createCommentService>;
