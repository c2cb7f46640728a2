import { escapeHtml } from '../comments/index.js';
import type { PublicComment } from '../comments/index.js';
import type { ReactionSummary } from '../reactions/index.js';
import { articlePath } from './site-paths.js';
import { toTimeView } from './time-format.js';

/**
 * HTML of the Public Reaction block and its forms, built here (not in Liquid) because the block
 * is handed to the article template as pre-rendered `contentHtml`. Every reader-supplied string
 * goes through escapeHtml; comment bodies come pre-rendered by the comments module (escaped,
 * safe autolinks only).
 */

const esc = escapeHtml;

/** Marks the part of the cached page that a signed-in reader's copy replaces with the comment form. */
export const FORM_START = '<!--bs-comment-form-->';
export const FORM_END = '<!--/bs-comment-form-->';

export interface Locale {
  language: string;
  timeZone: string;
}

export function reactionBarHtml(input: { articleId: number; slug: string; summary: ReactionSummary; token: string }): string {
  const { summary } = input;
  const buttons = summary.counts
    .map(
      (c) =>
        `<button type="submit" name="type" value="${esc(c.type)}" class="reaction" data-reaction="${esc(c.type)}" aria-pressed="${summary.mine === c.type ? 'true' : 'false'}"><span class="reaction-emoji" aria-hidden="true">${esc(c.emoji)}</span> <span class="reaction-name">${esc(c.label)}</span> <span class="reaction-count" data-count>${c.count}</span></button>`,
    )
    .join('');
  return (
    `<form class="reaction-bar" id="reactions" method="post" action="${esc(articlePath(input.slug))}/reactions" data-reactions data-endpoint="/api/reader/v1/articles/${input.articleId}/reactions">` +
    `<input type="hidden" name="token" value="${esc(input.token)}">` +
    `<p class="reaction-prompt" id="reactions-label">Your reaction <span class="reaction-total">(<span data-reaction-total>${summary.total}</span> so far)</span></p>` +
    `<div class="reaction-buttons" role="group" aria-labelledby="reactions-label">${buttons}</div>` +
    `<p class="reaction-status" role="status" data-reaction-status></p>` +
    `</form>`
  );
}

function timeHtml(iso: string, locale: Locale): string {
  const view = toTimeView(iso, locale.language, locale.timeZone);
  return `<time datetime="${esc(view.iso)}">${esc(view.display)}</time>`;
}

function commentHtml(comment: PublicComment, input: { slug: string; reportToken: string; locale: Locale; canReply: boolean }): string {
  const base = `${articlePath(input.slug)}/comments/${comment.id}`;
  const actions =
    `<div class="comment-actions">` +
    (input.canReply && comment.parentId === null ? `<a class="comment-reply" href="${esc(base)}/reply" data-reply-to="${comment.id}">Reply</a>` : '') +
    `<form class="comment-report" method="post" action="${esc(base)}/report" data-report><input type="hidden" name="token" value="${esc(input.reportToken)}"><button type="submit" class="link-button">Report</button></form>` +
    `</div>`;
  const replies = comment.replies.length > 0 ? `<ol class="comment-replies">${comment.replies.map((r) => commentHtml(r, input)).join('')}</ol>` : '';
  return (
    `<li class="comment" id="comment-${comment.id}" data-comment-id="${comment.id}">` +
    `<article class="comment-body-wrap" aria-label="Comment by ${esc(comment.authorName)}">` +
    `<p class="comment-meta"><span class="comment-author">${esc(comment.authorName)}</span> <span class="comment-time">${timeHtml(comment.createdAt, input.locale)}</span>${comment.editedAt ? ' <span class="comment-edited">(edited)</span>' : ''}</p>` +
    `<div class="comment-text">${comment.bodyHtml}</div>` +
    actions +
    `</article>${replies}</li>`
  );
}

export function commentListHtml(comments: PublicComment[], input: { slug: string; reportToken: string; locale: Locale; canReply: boolean }): string {
  return `<ol class="comment-list" data-comment-list>${comments.map((c) => commentHtml(c, input)).join('')}</ol>`;
}

/** Shown to everyone in the cached page; a signed-in reader's copy gets the form instead. */
export function signInPromptHtml(slug: string, isClosed: boolean): string {
  if (isClosed) return `<p class="comments-closed">Comments on this story are closed.</p>`;
  const back = `${articlePath(slug)}#comments`;
  return `<p class="comment-sign-in"><a href="/reader/sign-in?return=${encodeURIComponent(back)}">Sign in to comment</a></p>`;
}

export function commentFormHtml(input: { slug: string; token: string; displayName: string; parentId?: number | null; body?: string; error?: string; action?: string; heading?: string }): string {
  const action = input.action ?? `${articlePath(input.slug)}/comments`;
  const id = input.parentId ? `reply-body-${input.parentId}` : 'comment-body';
  return (
    `<form class="comment-form" method="post" action="${esc(action)}" data-comment-form novalidate>` +
    `<input type="hidden" name="token" value="${esc(input.token)}">` +
    (input.parentId ? `<input type="hidden" name="parent_id" value="${input.parentId}">` : '') +
    `<div class="comment-hp" aria-hidden="true"><label>Leave this field empty <input type="text" name="website" value="" tabindex="-1" autocomplete="off"></label></div>` +
    `<label class="comment-label" for="${id}">${esc(input.heading ?? (input.parentId ? 'Your reply' : 'Your comment'))} <span class="comment-as">as ${esc(input.displayName)}</span></label>` +
    `<textarea id="${id}" name="body" rows="5" maxlength="5000" required>${esc(input.body ?? '')}</textarea>` +
    `<p class="comment-form-status" role="status" data-comment-status>${input.error ? `<strong class="form-error">${esc(input.error)}</strong>` : ''}</p>` +
    `<button type="submit" class="button">Post</button>` +
    `</form>`
  );
}

export function nameNeededHtml(slug: string): string {
  return `<p class="comment-sign-in"><a href="/reader/account?return=${encodeURIComponent(`${articlePath(slug)}#comments`)}">Choose a display name</a> to comment.</p>`;
}

export function sortLinksHtml(slug: string, current: 'newest' | 'oldest'): string {
  const link = (sort: 'newest' | 'oldest', text: string) =>
    sort === current ? `<span aria-current="true">${text}</span>` : `<a href="${esc(articlePath(slug))}/comments?sort=${sort}">${text}</a>`;
  return `<p class="comment-sort">Sort: ${link('newest', 'Newest first')} · ${link('oldest', 'Oldest first')}</p>`;
}

/** The whole block for the article page (cached; identical for every reader). */
export function publicReactionBlockHtml(input: {
  articleId: number;
  slug: string;
  reactions: ReactionSummary;
  reactionToken: string;
  comments: PublicComment[];
  total: number;
  pageCount: number;
  isClosed: boolean;
  locale: Locale;
}): string {
  const more = input.pageCount > 1 ? `<p class="comment-more"><a href="${esc(articlePath(input.slug))}/comments?page=2">More comments</a></p>` : '';
  return (
    reactionBarHtml({ articleId: input.articleId, slug: input.slug, summary: input.reactions, token: input.reactionToken }) +
    `<div class="comments" id="comments" data-comments data-article-id="${input.articleId}" data-slug="${esc(input.slug)}">` +
    `<h3 class="comments-title">Comments <span class="comment-count">(<span data-comment-count>${input.total}</span>)</span></h3>` +
    (input.total > 0 ? sortLinksHtml(input.slug, 'newest') : '') +
    commentListHtml(input.comments, { slug: input.slug, reportToken: input.reactionToken, locale: input.locale, canReply: !input.isClosed }) +
    (input.total === 0 ? `<p class="comments-empty" data-comments-empty>No comments yet.</p>` : '') +
    more +
    FORM_START +
    signInPromptHtml(input.slug, input.isClosed) +
    FORM_END +
    `</div>` +
    `<script src="/assets/public-reaction.js" defer></script>`
  );
}
