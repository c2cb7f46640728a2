import { describe, expect, it } from 'vitest';
import type { StaffRole } from '../platform/http/staff-principal.js';
import { isOwnArticle, refusalReason, releaseTime, statusAfterTrash, transitionTarget } from './article-workflow.js';
import type { ArticleAction, ArticleOwnership } from './article-workflow.js';

const person = (role: StaffRole, userId = 10, authorId: number | null = 100) => ({ role, userId, authorId });
const draft = (over: Partial<ArticleOwnership> = {}): ArticleOwnership => ({ status: 'draft', createdBy: 10, authorIds: [], ...over });
const someoneElses = (over: Partial<ArticleOwnership> = {}) => draft({ createdBy: 99, authorIds: [555], ...over });
const may = (role: StaffRole, action: ArticleAction, article: ArticleOwnership) => refusalReason(person(role), action, article) === null;

describe('isOwnArticle', () => {
  it('counts the creator and anyone on the byline as owners', () => {
    expect(isOwnArticle({ userId: 10, authorId: null }, { createdBy: 10, authorIds: [] })).toBe(true);
    expect(isOwnArticle({ userId: 11, authorId: 100 }, { createdBy: 10, authorIds: [100] })).toBe(true);
    expect(isOwnArticle({ userId: 11, authorId: 101 }, { createdBy: 10, authorIds: [100] })).toBe(false);
    expect(isOwnArticle({ userId: 11, authorId: null }, { createdBy: null, authorIds: [] })).toBe(false);
  });
});

describe('refusalReason', () => {
  it('lets a contributor edit and submit their own draft but never publish', () => {
    expect(may('contributor', 'edit', draft())).toBe(true);
    expect(may('contributor', 'submit', draft())).toBe(true);
    expect(may('contributor', 'publish', draft())).toBe(false);
    expect(may('contributor', 'schedule', draft())).toBe(false);
    expect(may('contributor', 'correct', draft())).toBe(false);
  });

  it('keeps a contributor away from others’ articles and from their own once published', () => {
    expect(may('contributor', 'view', someoneElses())).toBe(false);
    expect(may('contributor', 'edit', someoneElses())).toBe(false);
    expect(may('contributor', 'edit', draft({ status: 'published' }))).toBe(false);
    expect(may('contributor', 'view', draft({ status: 'published' }))).toBe(true);
    expect(may('contributor', 'trash', draft({ status: 'scheduled' }))).toBe(false);
  });

  it('lets an author publish their own article, through the byline too, but not another’s', () => {
    expect(may('author', 'publish', draft())).toBe(true);
    expect(may('author', 'publish', someoneElses({ authorIds: [100] }))).toBe(true);
    expect(may('author', 'publish', someoneElses())).toBe(false);
    expect(may('author', 'view', someoneElses())).toBe(true);
    expect(may('author', 'edit', someoneElses())).toBe(false);
    expect(may('author', 'take_over_lock', draft())).toBe(false);
  });

  it('lets editors do anything but purge, and admins everything', () => {
    for (const action of ['edit', 'publish', 'unpublish', 'correct', 'take_over_lock', 'change_slug'] as const) expect(may('editor', action, someoneElses({ status: 'published' }))).toBe(true);
    expect(may('editor', 'purge', someoneElses())).toBe(false);
    expect(may('admin', 'purge', someoneElses())).toBe(true);
  });
});

describe('transitions', () => {
  it('maps each transition from its allowed statuses to its target and refuses the rest', () => {
    expect(transitionTarget('submit', 'draft')).toBe('in_review');
    expect(transitionTarget('submit', 'published')).toBeNull();
    expect(transitionTarget('publish', 'in_review')).toBe('published');
    expect(transitionTarget('publish', 'published')).toBeNull();
    expect(transitionTarget('schedule', 'scheduled')).toBe('scheduled');
    expect(transitionTarget('unschedule', 'draft')).toBeNull();
    expect(transitionTarget('unpublish', 'published')).toBe('unpublished');
    expect(transitionTarget('unpublish', 'draft')).toBeNull();
  });

  it('takes a trashed story off the site and out of the schedule', () => {
    expect(statusAfterTrash('published')).toBe('unpublished');
    expect(statusAfterTrash('scheduled')).toBe('draft');
    expect(statusAfterTrash('in_review')).toBe('in_review');
  });

  it('holds a schedule back until a later embargo', () => {
    expect(releaseTime('2026-06-01T10:00:00.000Z', null)).toBe('2026-06-01T10:00:00.000Z');
    expect(releaseTime('2026-06-01T10:00:00.000Z', '2026-06-01T12:00:00.000Z')).toBe('2026-06-01T12:00:00.000Z');
    expect(releaseTime('2026-06-01T10:00:00.000Z', '2026-06-01T08:00:00.000Z')).toBe('2026-06-01T10:00:00.000Z');
  });
});
