import { z } from 'zod';
import { slugify } from '../platform/slug.js';
import { hasRole } from '../platform/http/staff-principal.js';
import type { StaffPrincipal } from '../platform/http/staff-principal.js';
import type { AdminArticle, AdminArticleSummary, ArticleStatus } from './article.js';
import { actorLabel, createArticleCommitter, withoutPrimary } from './article-commit.js';
import type { ArticleWorkflowDeps, WorkflowActor } from './article-commit.js';
import { parseArticleChanges, parseArticleInput, parseNewDraft, slugSchema } from './article-edit-schemas.js';
import { articleErrors } from './article-errors.js';
import { toAdminArticleSummary } from './article-presenters.js';
import { changedFields } from './article-revisions.js';
import type { ArticleSnapshot } from './article-snapshot.js';
import { snapshotColumns } from './article-snapshot.js';

/** Filters of the newsroom's article list. */
export interface AdminListOptions {
  status?: ArticleStatus | undefined;
  sectionId?: number | undefined;
  authorId?: number | undefined;
  text?: string[] | undefined;
  trashed?: boolean | undefined;
  after?: { updatedAt: string; id: number } | undefined;
  limit: number;
}

const correctionSchema = z.strictObject({
  body: z.string({ error: 'must be a string' }).trim().min(1, { error: 'is required' }).max(2000, { error: 'must be at most 2000 characters' }),
});

/** An empty story: what a new draft's changed fields are measured against. */
const BLANK: ArticleSnapshot = {
  slug: '', status: 'draft', kicker: null, headline: '', dek: '', seo_title: null, seo_description: null, social_title: null,
  social_description: null, body: { type: 'doc', content: [] }, lead_image: null, dateline: null, primary_section_id: 0,
  secondary_section_ids: [], author_ids: [], tag_ids: [], published_at: null, scheduled_at: null, embargo_until: null,
  deleted_at: null, corrections: [],
};

/** Use cases that change what an article says: create, list, open, save, slug, corrections. */
export function createArticleEditingService(deps: ArticleWorkflowDeps) {
  const { articles, workflow, audit } = deps;
  const core = createArticleCommitter(deps);

  return {
    /** Creates a draft owned by `actor`, with version 1 and its first revision. */
    async createDraft(input: unknown, actor: StaffPrincipal): Promise<AdminArticle> {
      const { slug: wantedSlug, changes } = parseNewDraft(input);
      if (wantedSlug && (await articles.slugExists(wantedSlug))) throw articleErrors.slugTaken(wantedSlug);
      const slug = wantedSlug ?? (await uniqueSlug(slugify(changes.headline, 80)));
      const authorIds = changes.author_ids ?? (actor.authorId === null ? [] : [actor.authorId]);
      const snapshot = withoutPrimary({ ...BLANK, ...changes, slug, author_ids: authorIds });
      await core.assertReferences(null, snapshot);
      const now = core.now();
      const id = await articles.insert({
        row: { ...snapshotColumns(snapshot), created_at: now, updated_at: now, created_by: actor.userId },
        authorIds: snapshot.author_ids,
        sectionIds: snapshot.secondary_section_ids,
        tagIds: snapshot.tag_ids,
        corrections: [],
        revision: {
          version: 1,
          user_id: actor.userId,
          actor_label: actorLabel(actor),
          changed_fields_json: JSON.stringify(changedFields(BLANK, snapshot)),
          snapshot_json: JSON.stringify(snapshot),
          created_at: now,
        },
      });
      await audit.record({ actor, action: 'article.create', objectType: 'article', objectId: id, details: { version: 1, slug } });
      await deps.changes?.emit({ articleId: id, kind: 'created' });
      return (await core.load(id)).article;
    },

    /** The article for the editor, with whoever has it open right now. */
    async openArticle(id: number, actor: StaffPrincipal): Promise<AdminArticle> {
      return (await core.loadFor(id, actor, 'view')).article;
    },

    /** Articles newest change first; contributors see only their own. */
    async listArticles(options: AdminListOptions, actor: StaffPrincipal): Promise<AdminArticleSummary[]> {
      const rows = await workflow.listAdmin({
        status: options.status,
        sectionId: options.sectionId,
        authorId: options.authorId,
        text: options.text,
        trashed: options.trashed ?? false,
        ownedBy: hasRole(actor.role, 'author') ? undefined : { userId: actor.userId, authorId: actor.authorId },
        after: options.after,
        limit: options.limit,
      });
      const relations = await articles.loadRelations(rows.map((r) => r.id), { tags: false, sections: false, corrections: false });
      return rows.map((row) => toAdminArticleSummary(row, relations));
    },

    /**
     * Saves changed fields of the version the editor loaded. A save based on an older version
     * is refused with ARTICLE_STALE_VERSION (409) carrying the current article: never a silent overwrite.
     */
    async save(input: { id: number; expectedVersion: number; changes: unknown; actor: StaffPrincipal }): Promise<AdminArticle> {
      const changes = parseArticleChanges(input.changes);
      const loaded = await core.loadFor(input.id, input.actor, 'edit');
      core.assertVersion(loaded, input.expectedVersion);
      core.assertNotTrashed(loaded);
      const next = withoutPrimary({ ...loaded.snapshot, ...changes });
      await core.assertReferences(loaded.snapshot, next);
      core.assertPublishable(next);
      if (next.status === 'published' && next.embargo_until !== null && next.embargo_until > core.now() && next.embargo_until !== loaded.snapshot.embargo_until) {
        throw articleErrors.invalid({ embargo_until: 'cannot lie ahead for a published article; unpublish it first' });
      }
      return core.commit({ loaded, actor: input.actor, action: 'save', expectedVersion: input.expectedVersion, next });
    },

    /**
     * Replaces the words, picture and placement of a story with a newer version of the document
     * it was imported from (a ninjs update from an agency): a revision like any save, audited as
     * `article.import_update`. Status, slug, schedule and corrections stay as the newsroom left them.
     */
    async applyImportUpdate(input: { id: number; changes: Pick<ArticleSnapshot, 'kicker' | 'headline' | 'dek' | 'body' | 'lead_image' | 'dateline' | 'primary_section_id' | 'secondary_section_ids' | 'author_ids' | 'tag_ids'>; actor: WorkflowActor; details: Record<string, unknown> }): Promise<AdminArticle> {
      const loaded = await core.load(input.id);
      core.assertNotTrashed(loaded);
      const next = withoutPrimary({ ...loaded.snapshot, ...input.changes });
      await core.assertReferences(loaded.snapshot, next);
      return core.commit({ loaded, actor: input.actor, action: 'import_update', next, details: input.details });
    },

    /** Gives the article a new slug; once it has been public, the old URL answers 301 from then on. */
    async changeSlug(input: { id: number; slug: unknown; expectedVersion?: number | undefined; actor: StaffPrincipal }): Promise<AdminArticle> {
      const slug = parseArticleInput(z.strictObject({ slug: slugSchema }), { slug: input.slug }).slug;
      const loaded = await core.loadFor(input.id, input.actor, 'change_slug');
      core.assertVersion(loaded, input.expectedVersion);
      core.assertNotTrashed(loaded);
      const oldSlug = loaded.row.slug;
      if (slug === oldSlug) return loaded.article;
      const owner = await articles.findBySlug(slug);
      const redirectOwner = await articles.findRedirect(slug);
      if (owner || (redirectOwner !== undefined && redirectOwner !== input.id)) throw articleErrors.slugTaken(slug);
      const wasPublic = loaded.row.published_at !== null;
      return core.commit({
        loaded,
        actor: input.actor,
        action: 'change_slug',
        expectedVersion: input.expectedVersion,
        next: { ...loaded.snapshot, slug },
        ...(wasPublic || redirectOwner === input.id ? { redirect: { oldSlug, newSlug: slug } } : {}),
        details: { from: oldSlug, to: slug },
      });
    },

    /** Appends a dated correction note, shown under the story (editors and admins). */
    async addCorrection(input: { id: number; body: unknown; expectedVersion?: number | undefined; actor: StaffPrincipal }): Promise<AdminArticle> {
      const { body } = parseArticleInput(correctionSchema, { body: input.body });
      const loaded = await core.loadFor(input.id, input.actor, 'correct');
      core.assertVersion(loaded, input.expectedVersion);
      core.assertNotTrashed(loaded);
      const correctedAt = core.now();
      return core.commit({
        loaded,
        actor: input.actor,
        action: 'correct',
        expectedVersion: input.expectedVersion,
        next: { ...loaded.snapshot, corrections: [...loaded.snapshot.corrections, { body, corrected_at: correctedAt }] },
        correction: { body, correctedAt },
      });
    },
  };

  async function uniqueSlug(base: string): Promise<string> {
    let candidate = base;
    for (let n = 2; await articles.slugExists(candidate); n++) candidate = `${base}-${n}`;
    return candidate;
  }
}
