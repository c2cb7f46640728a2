import { hasRole } from '../platform/http/staff-principal.js';
import type { StaffPrincipal, StaffRole } from '../platform/http/staff-principal.js';
import type { ArticleStatus } from './article.js';

/**
 * The editorial workflow as pure rules: which role may do what to whose article, and which
 * status each transition leads from and to. Services ask these; nothing here touches storage.
 */

/** Everything a staff member can do to an article. */
export type ArticleAction =
  | 'view'
  | 'edit'
  | 'submit'
  | 'publish'
  | 'schedule'
  | 'unschedule'
  | 'unpublish'
  | 'trash'
  | 'restore'
  | 'purge'
  | 'change_slug'
  | 'correct'
  | 'restore_revision'
  | 'lock'
  | 'take_over_lock';

/** What decides whether an article is someone's own. */
export interface ArticleOwnership {
  status: ArticleStatus;
  /** User id of whoever created it. */
  createdBy: number | null;
  /** Byline author ids. */
  authorIds: number[];
}

/** Least role needed for an action on one's own article and on anybody's. */
export const ACTION_ROLES: Record<ArticleAction, { own: StaffRole; any: StaffRole }> = {
  view: { own: 'contributor', any: 'author' },
  edit: { own: 'contributor', any: 'editor' },
  submit: { own: 'contributor', any: 'editor' },
  publish: { own: 'author', any: 'editor' },
  schedule: { own: 'author', any: 'editor' },
  unschedule: { own: 'author', any: 'editor' },
  unpublish: { own: 'author', any: 'editor' },
  trash: { own: 'contributor', any: 'editor' },
  restore: { own: 'contributor', any: 'editor' },
  purge: { own: 'admin', any: 'admin' },
  change_slug: { own: 'contributor', any: 'editor' },
  correct: { own: 'editor', any: 'editor' },
  restore_revision: { own: 'contributor', any: 'editor' },
  lock: { own: 'contributor', any: 'editor' },
  take_over_lock: { own: 'editor', any: 'editor' },
};

/** A contributor works on their own drafts only: once a story is scheduled or published it is out of their hands. */
export const CONTRIBUTOR_STATUSES: readonly ArticleStatus[] = ['draft', 'in_review'];

/** Status transitions: where each may start and where it ends. */
export const TRANSITIONS = {
  submit: { from: ['draft', 'unpublished'], to: 'in_review' },
  publish: { from: ['draft', 'in_review', 'scheduled', 'unpublished'], to: 'published' },
  schedule: { from: ['draft', 'in_review', 'scheduled', 'unpublished'], to: 'scheduled' },
  unschedule: { from: ['scheduled'], to: 'draft' },
  unpublish: { from: ['published'], to: 'unpublished' },
} as const satisfies Record<string, { from: readonly ArticleStatus[]; to: ArticleStatus }>;

export type ArticleTransition = keyof typeof TRANSITIONS;

/** True when the article is the principal's: they are on its byline or created it. */
export function isOwnArticle(principal: Pick<StaffPrincipal, 'userId' | 'authorId'>, article: Pick<ArticleOwnership, 'createdBy' | 'authorIds'>): boolean {
  if (article.createdBy !== null && article.createdBy === principal.userId) return true;
  return principal.authorId !== null && article.authorIds.includes(principal.authorId);
}

/** Why `principal` may not do `action` to `article`, or null when they may. */
export function refusalReason(principal: Pick<StaffPrincipal, 'userId' | 'authorId' | 'role'>, action: ArticleAction, article: ArticleOwnership): string | null {
  const rule = ACTION_ROLES[action];
  if (hasRole(principal.role, rule.any)) return null;
  if (!isOwnArticle(principal, article)) {
    return hasRole(principal.role, rule.own) ? `A ${principal.role} may do "${action}" only to their own articles.` : `"${action}" needs the ${rule.any} role.`;
  }
  if (!hasRole(principal.role, rule.own)) return `"${action}" needs the ${rule.own} role, even on your own article.`;
  if (principal.role === 'contributor' && action !== 'view' && !CONTRIBUTOR_STATUSES.includes(article.status)) {
    return `A contributor may change an article only while it is a draft or in review; this one is ${article.status}.`;
  }
  return null;
}

/** The status a transition leads to, or null when it cannot start from `status`. */
export function transitionTarget(transition: ArticleTransition, status: ArticleStatus): ArticleStatus | null {
  const rule = TRANSITIONS[transition];
  return (rule.from as readonly ArticleStatus[]).includes(status) ? rule.to : null;
}

/** Trash takes a story off the site and out of the schedule, so that restoring it never publishes by surprise. */
export function statusAfterTrash(status: ArticleStatus): ArticleStatus {
  if (status === 'published') return 'unpublished';
  if (status === 'scheduled') return 'draft';
  return status;
}

/** The time a story may go live: its schedule, held back by its embargo when that is later. */
export function releaseTime(scheduledAt: string, embargoUntil: string | null): string {
  return embargoUntil !== null && embargoUntil > scheduledAt ? embargoUntil : scheduledAt;
}
