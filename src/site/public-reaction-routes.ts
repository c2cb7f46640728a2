import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppServices } from '../app-services.js';
import type { Article } from '../articles/index.js';
import { escapeHtml, MAX_COMMENT_CHARS } from '../comments/index.js';
import type { CommentSort } from '../comments/index.js';
import { AppError, isAppError } from '../platform/errors/app-error.js';
import { sendProblem } from '../platform/http/problem-details.js';
import { REACTION_COOKIE } from '../reactions/index.js';
import { READER_SESSION_COOKIE, READER_SESSION_TTL_MS, safeReturnPath } from '../readers/index.js';
import type { ReaderSession } from '../readers/index.js';
import { presentLayout } from './present-layout.js';
import { FORM_END, FORM_START, commentFormHtml, commentListHtml, nameNeededHtml, signInPromptHtml, sortLinksHtml } from './public-reaction-html.js';
import { articlePath } from './site-paths.js';
import type { SiteContext, SiteContextSource } from './site-context.js';
import { loadSiteContext } from './site-context.js';
import { ARTICLE_FORM_PURPOSE } from './slots/public-reaction-slot.js';
import type { ThemeEngine } from './theme-engine.js';

export interface PublicReactionRoutesOptions {
  services: AppServices;
  theme: ThemeEngine;
  publicUrl: string;
  siteContext?: SiteContextSource;
  /** Drops cached pages showing these keys (the app's contentChanged). */
  contentChanged: (keys: string[] | null) => void;
}

const PRIVATE = 'private, no-store';
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ID = /^[1-9]\d{0,11}$/;
/** Article-bound form tokens (cached pages) stay valid for a week; comment-form tokens for a day. */
const ARTICLE_TOKEN_MS = 7 * 24 * 3600_000;
const COMMENT_TOKEN_MS = 24 * 3600_000;
const COMMENT_FORM_PURPOSE = 'cmt';
/** Reactions change counts on the cached page; it is re-rendered at most this often per article. */
const REACTION_REFRESH_MS = 5000;
const VISITOR_COOKIE_MAX_AGE = 365 * 24 * 3600;

const formErrors = {
  csrf: () => new AppError({ code: 'CSRF_INVALID', status: 403, title: 'Form expired', detail: 'This form has expired or did not come from this site. Reload the page and try again.' }),
  signIn: () => new AppError({ code: 'READER_SIGN_IN_REQUIRED', status: 401, title: 'Sign-in required', detail: 'Sign in with your email address to comment.' }),
  noArticle: () => new AppError({ code: 'NOT_FOUND', status: 404, title: 'Not found', detail: 'There is no such story.' }),
};

function cookieOf(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function field(body: unknown, name: string): unknown {
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}

function wantsJson(request: FastifyRequest): boolean {
  return /application\/(problem\+)?json/.test(request.headers.accept ?? '') || /application\/json/.test(request.headers['content-type'] ?? '');
}

/** Refuses writes a browser sent from another site (Origin / Sec-Fetch-Site), whatever the token says. */
function isCrossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'cross-site';
  // Browsers send "Origin: null" on form posts under Referrer-Policy: no-referrer; the token still decides.
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

/** The reader session behind the request's bs_reader cookie, or null. */
export async function readerSessionOf(services: AppServices, request: FastifyRequest): Promise<ReaderSession | null> {
  const value = cookieOf(request, READER_SESSION_COOKIE);
  return value ? services.readers.authenticate(value) : null;
}

/**
 * A signed-in reader's copy of an article page: the sign-in link is replaced by the comment form
 * (with a token bound to the session and the page-load time), plus a notice after posting. Called
 * from the site's onSend hook for requests with a reader cookie; such pages are never cached.
 */
export async function personaliseArticlePage(services: AppServices, request: FastifyRequest, html: string): Promise<string> {
  const start = html.indexOf(FORM_START);
  const end = html.indexOf(FORM_END);
  if (start === -1 || end < start) return html;
  const session = await readerSessionOf(services, request);
  if (!session) return html;
  const idMatch = /data-comments data-article-id="(\d+)" data-slug="([a-z0-9-]+)"/.exec(html);
  if (!idMatch) return html;
  const articleId = Number(idMatch[1]);
  const slug = idMatch[2] ?? '';
  const inner = html.slice(start + FORM_START.length, end);
  if (inner.includes('comments-closed')) return html;
  const posted = (request.query as Record<string, unknown> | undefined)?.posted;
  const notice = posted === 'pending' ? `<p class="comment-notice" role="status">Thank you. Your comment will appear once a moderator has approved it.</p>` : posted === 'approved' ? `<p class="comment-notice" role="status">Your comment is posted.</p>` : '';
  const form = session.reader.displayName === '' ? nameNeededHtml(slug) : commentFormHtml({ slug, token: await commentToken(services, session, articleId), displayName: session.reader.displayName });
  const account = `<p class="comment-account">Signed in as ${escapeHtml(session.reader.displayName || session.reader.email || 'reader')} · <a href="/reader/account">Your account</a></p>`;
  return html.slice(0, start) + notice + form + account + html.slice(end + FORM_END.length);
}

async function commentToken(services: AppServices, session: ReaderSession, articleId: number): Promise<string> {
  return services.readers.issueFormToken(COMMENT_FORM_PURPOSE, `${session.sessionHash.slice(0, 24)}:${articleId}`);
}

/**
 * Reader-facing routes of Public Reaction: reacting (form and JSON), posting, editing and reporting
 * comments (form and JSON), the full comment list, and reader accounts (email sign-in link,
 * display name, sign-out, deletion). Forms carry signed tokens; JSON answers are never cached.
 */
export async function publicReactionRoutes(app: FastifyInstance, options: PublicReactionRoutesOptions): Promise<void> {
  const { services, theme } = options;
  const isHttps = options.publicUrl.startsWith('https:');
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  const context = (): Promise<SiteContext> => (options.siteContext ? options.siteContext.get() : loadSiteContext(services, options.publicUrl));

  // Personal pages of this plugin never go to a shared cache.
  app.addHook('onSend', async (request, reply, payload) => {
    if (cookieOf(request, READER_SESSION_COOKIE) !== undefined && reply.getHeader('surrogate-key') === undefined) reply.header('cache-control', PRIVATE);
    return payload;
  });

  const page = async (reply: FastifyReply, input: { title: string; contentHtml: string; status?: number; cacheControl?: string; surrogateKeys?: string[]; path?: string | null }) => {
    const ctx = await context();
    const model = { ...presentLayout(ctx, { title: `${input.title} | ${ctx.publication.name}`, path: input.path ?? null, robots: 'noindex', surrogateKeys: input.surrogateKeys ?? [] }), heading: input.title, contentHtml: input.contentHtml };
    const html = await theme.render('reader', model);
    reply.code(input.status ?? 200).header('content-type', 'text/html; charset=utf-8').header('cache-control', input.cacheControl ?? PRIVATE);
    if (input.surrogateKeys) reply.header('surrogate-key', input.surrogateKeys.join(' '));
    return reply.send(html);
  };
  const errorPage = (reply: FastifyReply, error: AppError, extraHtml = '') =>
    page(reply, { title: error.title, status: error.status, contentHtml: `<p class="form-error" role="alert">${escapeHtml(error.detail)}</p>${extraHtml}` });
  /** Sends an AppError as problem details (JSON callers) or an HTML page with the message (forms). */
  const fail = async (request: FastifyRequest, reply: FastifyReply, error: unknown, extraHtml = ''): Promise<FastifyReply> => {
    if (!isAppError(error)) throw error;
    if (error.status === 429 && typeof error.extra?.retry_after === 'number') reply.header('retry-after', String(error.extra.retry_after));
    if (wantsJson(request)) return sendProblem(request, reply, error);
    return errorPage(reply, error, extraHtml);
  };

  const publishedBySlug = async (slug: string): Promise<Article> => {
    if (!SLUG.test(slug)) throw formErrors.noArticle();
    const lookup = await services.articles.lookupPublished(slug);
    if (lookup.kind !== 'found') throw formErrors.noArticle();
    return lookup.article;
  };
  const publishedById = async (raw: string): Promise<Article> => {
    const article = ID.test(raw) ? await services.articles.findPublishedById(Number(raw)) : undefined;
    if (!article) throw formErrors.noArticle();
    return article;
  };
  const checkArticleToken = async (request: FastifyRequest, token: unknown, articleId: number) => {
    if (isCrossSite(request) || (await services.readers.checkFormToken(token, ARTICLE_FORM_PURPOSE, String(articleId), ARTICLE_TOKEN_MS)) === null) throw formErrors.csrf();
  };
  const ipHash = async (request: FastifyRequest) => (await services.readers.signer()).sign(`ip:${request.ip}`).slice(-43);

  // ---- Reactions -------------------------------------------------------------------------

  /** The visitor id from the signed reaction cookie; with `create`, a new one (and its Set-Cookie). */
  const visitorOf = async (request: FastifyRequest, reply: FastifyReply | null): Promise<string | null> => {
    const signer = await services.readers.signer();
    const raw = cookieOf(request, REACTION_COOKIE);
    const id = raw ? signer.unsign(raw) : null;
    if (id !== null && /^v[A-Za-z0-9_-]{16,40}$/.test(id)) return id;
    if (!reply) return null;
    const fresh = `v${(await import('node:crypto')).randomBytes(16).toString('base64url')}`;
    reply.header('set-cookie', `${REACTION_COOKIE}=${signer.sign(fresh)}; Path=/; Max-Age=${VISITOR_COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax${isHttps ? '; Secure' : ''}`);
    return fresh;
  };
  const lastRefresh = new Map<number, number>();
  const pending = new Set<number>();
  /** Re-renders the article's cached page soon: at once, or at most every few seconds under load. */
  const refreshReactions = (articleId: number) => {
    const nowMs = Date.now();
    const since = nowMs - (lastRefresh.get(articleId) ?? 0);
    if (since >= REACTION_REFRESH_MS) {
      lastRefresh.set(articleId, nowMs);
      options.contentChanged([`reactions:${articleId}`]);
      return;
    }
    if (pending.has(articleId)) return;
    pending.add(articleId);
    setTimeout(() => {
      pending.delete(articleId);
      lastRefresh.set(articleId, Date.now());
      options.contentChanged([`reactions:${articleId}`]);
    }, REACTION_REFRESH_MS - since).unref();
    if (lastRefresh.size > 10_000) lastRefresh.clear();
  };
  const presentSummary = (summary: Awaited<ReturnType<AppServices['reactions']['summary']>>) => ({
    counts: Object.fromEntries(summary.counts.map((c) => [c.type, c.count])),
    types: summary.counts.map((c) => ({ type: c.type, label: c.label, count: c.count })),
    total: summary.total,
    mine: summary.mine,
  });

  app.post<{ Params: { slug: string } }>('/articles/:slug/reactions', async (request, reply) => {
    try {
      const article = await publishedBySlug(request.params.slug);
      await checkArticleToken(request, field(request.body, 'token'), article.id);
      const type = field(request.body, 'type');
      const visitor = await visitorOf(request, reply);
      if (!visitor) throw formErrors.csrf();
      // Without JavaScript the page cannot know the reader's choice: pressing it again removes it.
      const current = (await services.reactions.summary(article.id, visitor)).mine;
      await services.reactions.react({ articleId: article.id, visitorKey: visitor, type: current !== null && current === type ? null : type, ip: request.ip });
      refreshReactions(article.id);
      return reply.code(303).header('cache-control', PRIVATE).redirect(`${articlePath(article.slug)}#reactions`, 303);
    } catch (error) {
      return fail(request, reply, error, `<p><a href="${escapeHtml(articlePath(request.params.slug))}">Back to the story</a></p>`);
    }
  });

  app.get<{ Params: { id: string } }>('/api/reader/v1/articles/:id/reactions', async (request, reply) => {
    try {
      const article = await publishedById(request.params.id);
      const visitor = await visitorOf(request, null);
      const summary = await services.reactions.summary(article.id, visitor);
      const token = await services.readers.issueFormToken(ARTICLE_FORM_PURPOSE, String(article.id));
      return reply.header('cache-control', PRIVATE).send({ article_id: article.id, ...presentSummary(summary), token });
    } catch (error) {
      return fail(request, reply, error);
    }
  });

  app.post<{ Params: { id: string } }>('/api/reader/v1/articles/:id/reactions', async (request, reply) => {
    try {
      const article = await publishedById(request.params.id);
      await checkArticleToken(request, field(request.body, 'token') ?? request.headers['x-csrf-token'], article.id);
      const visitor = await visitorOf(request, reply);
      if (!visitor) throw formErrors.csrf();
      const summary = await services.reactions.react({ articleId: article.id, visitorKey: visitor, type: field(request.body, 'type') ?? null, ip: request.ip });
      refreshReactions(article.id);
      return reply.header('cache-control', PRIVATE).send({ article_id: article.id, ...presentSummary(summary) });
    } catch (error) {
      return fail(request, reply, error);
    }
  });

  // ---- Comments --------------------------------------------------------------------------

  const postComment = async (request: FastifyRequest, reply: FastifyReply, article: Article, parentId: unknown) => {
    const body = field(request.body, 'body');
    const session = await readerSessionOf(services, request);
    const keep = (error: AppError, token?: string) =>
      fail(
        request,
        reply,
        error,
        session && token && session.reader.displayName !== ''
          ? commentFormHtml({ slug: article.slug, token, displayName: session.reader.displayName, parentId: typeof parentId === 'string' && ID.test(parentId) ? Number(parentId) : null, body: typeof body === 'string' ? body.slice(0, MAX_COMMENT_CHARS * 2) : '' }) + `<p><a href="${escapeHtml(articlePath(article.slug))}#comments">Back to the story</a></p>`
          : `<p><a href="/reader/sign-in?return=${encodeURIComponent(`${articlePath(article.slug)}#comments`)}">Sign in</a> · <a href="${escapeHtml(articlePath(article.slug))}#comments">Back to the story</a></p>`,
      );
    if (!session) return keep(formErrors.signIn());
    const fresh = await commentToken(services, session, article.id);
    if (isCrossSite(request)) return keep(formErrors.csrf(), fresh);
    const formAge = await services.readers.checkFormToken(field(request.body, 'token'), COMMENT_FORM_PURPOSE, `${session.sessionHash.slice(0, 24)}:${article.id}`, COMMENT_TOKEN_MS);
    if (formAge === null) return keep(formErrors.csrf(), fresh);
    try {
      const result = await services.comments.post({ articleId: article.id, author: { id: session.reader.id, displayName: session.reader.displayName, isBanned: session.reader.isBanned }, body, parentId, ipHash: await ipHash(request), formAgeMs: formAge, honeypot: field(request.body, 'website') });
      if (result.isVisible) options.contentChanged([`comments:${article.id}`]);
      if (wantsJson(request)) {
        const locale = await context().then((ctx) => ({ language: ctx.publication.language, timeZone: ctx.publication.timeZone }));
        const html = commentListHtml([result.comment], { slug: article.slug, reportToken: await services.readers.issueFormToken(ARTICLE_FORM_PURPOSE, String(article.id)), locale, canReply: true }).replace(/^<ol[^>]*>|<\/ol>$/g, '');
        return reply
          .code(201)
          .header('cache-control', PRIVATE)
          .send({ comment: { id: result.comment.id, parent_id: result.comment.parentId, author_name: result.comment.authorName, body: result.comment.body, body_html: result.comment.bodyHtml, created_at: result.comment.createdAt, status: result.status }, html: result.isVisible ? html : null, token: await commentToken(services, session, article.id), edit_url: `${articlePath(article.slug)}/comments/${result.comment.id}/edit` });
      }
      return reply.code(303).header('cache-control', PRIVATE).redirect(`${articlePath(article.slug)}?posted=${result.isVisible ? 'approved' : 'pending'}#${result.isVisible ? `comment-${result.comment.id}` : 'comments'}`, 303);
    } catch (error) {
      if (isAppError(error)) return keep(error, fresh);
      throw error;
    }
  };

  app.post<{ Params: { slug: string } }>('/articles/:slug/comments', async (request, reply) => {
    let article: Article;
    try {
      article = await publishedBySlug(request.params.slug);
    } catch (error) {
      return fail(request, reply, error);
    }
    return postComment(request, reply, article, field(request.body, 'parent_id'));
  });

  app.get<{ Params: { slug: string }; Querystring: { sort?: string; page?: string } }>('/articles/:slug/comments', async (request, reply) => {
    try {
      const article = await publishedBySlug(request.params.slug);
      const sort: CommentSort = request.query.sort === 'oldest' ? 'oldest' : 'newest';
      const pageNo = request.query.page && /^[1-9]\d{0,3}$/.test(request.query.page) ? Number(request.query.page) : 1;
      const [list, isClosed, token, ctx] = await Promise.all([services.comments.list(article.id, { sort, page: pageNo }), services.comments.isClosed(article.id), services.readers.issueFormToken(ARTICLE_FORM_PURPOSE, String(article.id)), context()]);
      const locale = { language: ctx.publication.language, timeZone: ctx.publication.timeZone };
      const pager = (n: number, text: string) => `<a href="${escapeHtml(articlePath(article.slug))}/comments?sort=${sort}&amp;page=${n}">${text}</a>`;
      let html =
        `<p><a href="${escapeHtml(articlePath(article.slug))}">Back to “${escapeHtml(article.headline)}”</a></p>` +
        `<div class="comments" id="comments" data-comments data-article-id="${article.id}" data-slug="${escapeHtml(article.slug)}"><p class="comment-count">${list.total} comments</p>` +
        sortLinksHtml(article.slug, sort) +
        commentListHtml(list.comments, { slug: article.slug, reportToken: token, locale, canReply: !isClosed }) +
        `<p class="comment-pages">${pageNo > 1 ? pager(pageNo - 1, 'Previous') : ''} Page ${pageNo} of ${list.pageCount} ${pageNo < list.pageCount ? pager(pageNo + 1, 'Next') : ''}</p>` +
        FORM_START + signInPromptHtml(article.slug, isClosed) + FORM_END + `</div><script src="/assets/public-reaction.js" defer></script>`;
      const personal = cookieOf(request, READER_SESSION_COOKIE) !== undefined;
      if (personal) html = await personaliseArticlePage(services, request, html);
      return page(reply, { title: `Comments: ${article.headline}`, contentHtml: html, cacheControl: personal ? PRIVATE : 'public, max-age=60', surrogateKeys: personal ? undefined : [`article:${article.id}`, `comments:${article.id}`] });
    } catch (error) {
      return fail(request, reply, error);
    }
  });

  app.get<{ Params: { slug: string; id: string } }>('/articles/:slug/comments/:id/reply', async (request, reply) => {
    try {
      const article = await publishedBySlug(request.params.slug);
      const session = await readerSessionOf(services, request);
      const back = `<p><a href="${escapeHtml(articlePath(article.slug))}#comment-${escapeHtml(request.params.id)}">Back to the story</a></p>`;
      if (!session) return page(reply, { title: 'Reply', contentHtml: signInPromptHtml(article.slug, false) + back });
      if (session.reader.displayName === '') return page(reply, { title: 'Reply', contentHtml: nameNeededHtml(article.slug) + back });
      const token = await commentToken(services, session, article.id);
      return page(reply, { title: 'Reply', contentHtml: commentFormHtml({ slug: article.slug, token, displayName: session.reader.displayName, parentId: ID.test(request.params.id) ? Number(request.params.id) : null }) + back });
    } catch (error) {
      return fail(request, reply, error);
    }
  });

  const editRoute = async (request: FastifyRequest<{ Params: { slug: string; id: string } }>, reply: FastifyReply, isPost: boolean) => {
    const back = `<p><a href="${escapeHtml(articlePath(request.params.slug))}#comments">Back to the story</a></p>`;
    try {
      const article = await publishedBySlug(request.params.slug);
      const session = await readerSessionOf(services, request);
      if (!session) throw formErrors.signIn();
      const id = ID.test(request.params.id) ? Number(request.params.id) : 0;
      const own = await services.comments.findOwn(id, session.reader.id);
      if (own.articleId !== article.id) throw formErrors.noArticle();
      const subject = `${session.sessionHash.slice(0, 24)}:edit:${id}`;
      const action = `${articlePath(article.slug)}/comments/${id}/edit`;
      if (isPost) {
        if (isCrossSite(request) || (await services.readers.checkFormToken(field(request.body, 'token'), COMMENT_FORM_PURPOSE, subject, COMMENT_TOKEN_MS)) === null) throw formErrors.csrf();
        try {
          const result = await services.comments.edit({ commentId: id, readerId: session.reader.id, body: field(request.body, 'body') });
          if (result.isVisible) options.contentChanged([`comments:${article.id}`]);
          if (wantsJson(request)) return reply.header('cache-control', PRIVATE).send({ comment: { id, body: result.comment.body, body_html: result.comment.bodyHtml, edited_at: result.comment.editedAt } });
          return reply.code(303).redirect(`${articlePath(article.slug)}#comment-${id}`, 303);
        } catch (error) {
          if (!isAppError(error) || wantsJson(request)) throw error;
          const token = await services.readers.issueFormToken(COMMENT_FORM_PURPOSE, subject);
          const body = field(request.body, 'body');
          return errorPage(reply, error, commentFormHtml({ slug: article.slug, token, displayName: session.reader.displayName, body: typeof body === 'string' ? body : '', action, heading: 'Edit your comment' }) + back);
        }
      }
      const token = await services.readers.issueFormToken(COMMENT_FORM_PURPOSE, subject);
      return page(reply, { title: 'Edit your comment', contentHtml: `<p>You can edit a comment for 10 minutes after posting it.</p>` + commentFormHtml({ slug: article.slug, token, displayName: session.reader.displayName, body: own.body, action, heading: 'Edit your comment' }) + back });
    } catch (error) {
      return fail(request, reply, error, back);
    }
  };
  app.get<{ Params: { slug: string; id: string } }>('/articles/:slug/comments/:id/edit', (request, reply) => editRoute(request, reply, false));
  app.post<{ Params: { slug: string; id: string } }>('/articles/:slug/comments/:id/edit', (request, reply) => editRoute(request, reply, true));

  app.post<{ Params: { slug: string; id: string } }>('/articles/:slug/comments/:id/report', async (request, reply) => {
    const back = `<p><a href="${escapeHtml(articlePath(request.params.slug))}#comments">Back to the story</a></p>`;
    try {
      const article = await publishedBySlug(request.params.slug);
      await checkArticleToken(request, field(request.body, 'token'), article.id);
      const session = await readerSessionOf(services, request);
      const reporter = session ? `r:${session.reader.id}` : `v:${(await visitorOf(request, null)) ?? (await ipHash(request))}`;
      const id = ID.test(request.params.id) ? Number(request.params.id) : 0;
      const result = await services.comments.report(id, reporter);
      if (result.articleId !== article.id) throw formErrors.noArticle();
      if (wantsJson(request)) return reply.header('cache-control', PRIVATE).send({ reported: true });
      return page(reply, { title: 'Thank you', contentHtml: `<p role="status">Thank you. A moderator will look at this comment.</p>${back}` });
    } catch (error) {
      return fail(request, reply, error, back);
    }
  });

  // ---- Reader accounts ---------------------------------------------------------------------

  const setSessionCookie = (reply: FastifyReply, value: string, maxAge: number) =>
    reply.header('set-cookie', `${READER_SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${isHttps ? '; Secure' : ''}`);
  const signInForm = (returnTo: string, email = '', error = '') =>
    `<form class="reader-form" method="post" action="/reader/sign-in">` +
    `<input type="hidden" name="return" value="${escapeHtml(returnTo)}">` +
    `<p>We will email you a link that signs you in. No password needed.</p>` +
    `<label for="reader-email">Email address</label> <input id="reader-email" type="email" name="email" required autocomplete="email" maxlength="254" value="${escapeHtml(email)}">` +
    (error ? `<p class="form-error" role="alert">${escapeHtml(error)}</p>` : '') +
    ` <button type="submit" class="button">Email me a sign-in link</button></form>`;

  app.get<{ Querystring: { return?: string } }>('/reader/sign-in', async (request, reply) => page(reply, { title: 'Sign in to comment', contentHtml: signInForm(safeReturnPath(request.query.return)) }));

  app.post('/reader/sign-in', async (request, reply) => {
    const returnTo = safeReturnPath(field(request.body, 'return'));
    const email = field(request.body, 'email');
    try {
      if (isCrossSite(request)) throw formErrors.csrf();
      await services.readers.requestSignInLink({ email, returnTo, ip: request.ip });
      if (wantsJson(request)) return reply.code(202).header('cache-control', PRIVATE).send({ sent: true });
      return page(reply, { title: 'Check your email', contentHtml: `<p role="status">If the address is right, a sign-in link is on its way to <strong>${escapeHtml(String(email))}</strong>. It works once, for 30 minutes.</p>` });
    } catch (error) {
      if (!isAppError(error) || wantsJson(request)) return fail(request, reply, error);
      return page(reply, { title: 'Sign in to comment', status: error.status, contentHtml: signInForm(returnTo, typeof email === 'string' ? email.slice(0, 254) : '', error.detail) });
    }
  });

  // The emailed link shows a button instead of signing in at once: mail scanners follow links.
  app.get<{ Querystring: { token?: string } }>('/reader/verify', async (request, reply) => {
    const token = request.query.token;
    if (!(await services.readers.isSignInLinkLive(token))) return page(reply, { title: 'Sign-in link not valid', status: 400, contentHtml: `<p class="form-error" role="alert">This sign-in link is unknown, already used or expired.</p><p><a href="/reader/sign-in">Ask for a new one</a></p>` });
    return page(reply, { title: 'Sign in', contentHtml: `<form class="reader-form" method="post" action="/reader/verify"><input type="hidden" name="token" value="${escapeHtml(String(token))}"><button type="submit" class="button">Sign in</button></form>` });
  });

  app.post('/reader/verify', async (request, reply) => {
    try {
      if (isCrossSite(request)) throw formErrors.csrf();
      const result = await services.readers.completeSignIn(field(request.body, 'token'));
      setSessionCookie(reply, result.sessionId, Math.floor(READER_SESSION_TTL_MS / 1000));
      const target = result.reader.displayName === '' ? `/reader/account?return=${encodeURIComponent(result.returnTo)}` : result.returnTo;
      return reply.code(303).header('cache-control', PRIVATE).redirect(target, 303);
    } catch (error) {
      return fail(request, reply, error, `<p><a href="/reader/sign-in">Ask for a new link</a></p>`);
    }
  });

  const accountPage = (reply: FastifyReply, session: ReaderSession, returnTo: string, error = '', status = 200) => {
    const csrf = `<input type="hidden" name="csrf_token" value="${escapeHtml(session.csrfToken)}">`;
    const isNew = session.reader.displayName === '';
    return page(reply, {
      title: 'Your reader account',
      status,
      contentHtml:
        `<p>Signed in as <strong>${escapeHtml(session.reader.email ?? '')}</strong>.</p>` +
        `<form class="reader-form" method="post" action="/reader/account">${csrf}<input type="hidden" name="return" value="${escapeHtml(returnTo)}">` +
        `<label for="display-name">${isNew ? 'Choose a display name' : 'Display name'}</label> <input id="display-name" name="display_name" required maxlength="60" value="${escapeHtml(session.reader.displayName)}">` +
        (error ? `<p class="form-error" role="alert">${escapeHtml(error)}</p>` : '') +
        ` <button type="submit" class="button">Save</button><p class="hint">Shown next to your comments.</p></form>` +
        (returnTo !== '/' && !isNew ? `<p><a href="${escapeHtml(returnTo)}">Back to where you were</a></p>` : '') +
        `<form class="reader-form" method="post" action="/reader/sign-out">${csrf}<button type="submit" class="button">Sign out</button></form>` +
        `<form class="reader-form reader-delete" method="post" action="/reader/delete">${csrf}<h2>Delete your account</h2><p>Your comments stay, shown as from “a deleted reader”. This cannot be undone.</p>` +
        `<label><input type="checkbox" name="confirm" value="yes" required> Yes, delete my account</label> <button type="submit" class="button">Delete account</button></form>`,
    });
  };
  const requireSession = async (request: FastifyRequest, reply: FastifyReply): Promise<ReaderSession | null> => {
    const session = await readerSessionOf(services, request);
    if (!session) {
      await reply.code(303).header('cache-control', PRIVATE).redirect('/reader/sign-in', 303);
      return null;
    }
    return session;
  };
  const checkSessionCsrf = (request: FastifyRequest, session: ReaderSession) => {
    const token = field(request.body, 'csrf_token') ?? request.headers['x-csrf-token'];
    if (isCrossSite(request) || typeof token !== 'string' || token !== session.csrfToken) throw formErrors.csrf();
  };

  app.get<{ Querystring: { return?: string } }>('/reader/account', async (request, reply) => {
    const session = await requireSession(request, reply);
    return session ? accountPage(reply, session, safeReturnPath(request.query.return)) : reply;
  });

  app.post('/reader/account', async (request, reply) => {
    const session = await requireSession(request, reply);
    if (!session) return reply;
    const returnTo = safeReturnPath(field(request.body, 'return'));
    try {
      checkSessionCsrf(request, session);
      await services.readers.setDisplayName(session.reader.id, field(request.body, 'display_name'));
      return reply.code(303).header('cache-control', PRIVATE).redirect(returnTo === '/' ? '/reader/account' : returnTo, 303);
    } catch (error) {
      if (!isAppError(error) || wantsJson(request)) return fail(request, reply, error);
      return accountPage(reply, session, returnTo, error.detail, error.status);
    }
  });

  app.post('/reader/sign-out', async (request, reply) => {
    const session = await requireSession(request, reply);
    if (!session) return reply;
    try {
      checkSessionCsrf(request, session);
    } catch (error) {
      return fail(request, reply, error);
    }
    await services.readers.signOut(cookieOf(request, READER_SESSION_COOKIE) ?? '');
    setSessionCookie(reply, '', 0);
    return reply.code(303).header('cache-control', PRIVATE).redirect('/', 303);
  });

  app.post('/reader/delete', async (request, reply) => {
    const session = await requireSession(request, reply);
    if (!session) return reply;
    try {
      checkSessionCsrf(request, session);
      if (field(request.body, 'confirm') !== 'yes') throw new AppError({ code: 'CONFIRMATION_REQUIRED', status: 422, title: 'Please confirm', detail: 'Tick the box to confirm that you want to delete your account.' });
    } catch (error) {
      return fail(request, reply, error, `<p><a href="/reader/account">Back to your account</a></p>`);
    }
    const articleIds = await services.comments.articleIdsOfReader(session.reader.id);
    await services.readers.deleteAccount(session.reader.id);
    if (articleIds.length > 0) options.contentChanged(articleIds.map((id) => `comments:${id}`));
    setSessionCookie(reply, '', 0);
    return page(reply, { title: 'Account deleted', contentHtml: `<p role="status">Your account is deleted. Your comments are now shown as from “a deleted reader”.</p><p><a href="/">Home</a></p>` });
  });
}
