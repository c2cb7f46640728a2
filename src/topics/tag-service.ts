import type { AuditActor, AuditLog } from '../audit/index.js';
import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors/app-error.js';
import { slugify } from '../platform/slug.js';
import { toTag } from './tag.js';
import type { Tag } from './tag.js';
import { tagErrors } from './tag-errors.js';
import { newTagSchema, parseTagInput, tagChangeSchema, tagMergeSchema } from './tag-schemas.js';
import type { NewTagInput, TagChangeInput, TagMergeInput } from './tag-schemas.js';
import type { TagStore } from './tag-store.js';

/** Who makes a change, and the audit log it is recorded in. */
export interface TagChangeContext {
  actor: AuditActor;
  audit: Pick<AuditLog, 'record'>;
}

/** Reads, creates, renames, merges and deletes tags. Every change runs in one transaction and is then audit-logged. */
export function createTagService(deps: { store: TagStore; clock: Clock }) {
  const { store, clock } = deps;
  const record = (change: TagChangeContext, action: string, id: number, details: Record<string, unknown>) =>
    change.audit.record({ actor: change.actor, action, objectType: 'tag', objectId: id, details });

  return {
    async listTags(): Promise<Tag[]> {
      return (await store.listAll()).map(toTag);
    },

    /** Every tag with the number of articles (any status) carrying it. */
    async listTagsWithArticleCounts(): Promise<{ tag: Tag; articleCount: number }[]> {
      const [rows, counts] = await Promise.all([store.listAll(), store.articleCounts()]);
      return rows.map((row) => ({ tag: toTag(row), articleCount: counts.get(row.id) ?? 0 }));
    },

    async findTag(slug: string): Promise<Tag | undefined> {
      const row = await store.findBySlug(slug);
      return row ? toTag(row) : undefined;
    },

    /** The tag with this id; TAG_NOT_FOUND when there is none. */
    async getTag(id: number): Promise<Tag> {
      const row = await store.findById(id);
      if (!row) throw tagErrors.notFound(id);
      return toTag(row);
    },

    /** The tag named `name` (matched by slug), created when new. */
    async ensureTag(name: string): Promise<Tag> {
      const trimmed = name.trim();
      if (!trimmed || trimmed.length > 100) {
        throw new AppError({ code: 'TAG_NAME_INVALID', status: 400, title: 'Invalid tag', detail: 'A tag name must have 1 to 100 characters.', fields: { name: 'must have 1 to 100 characters' } });
      }
      return toTag(await store.ensure({ slug: slugify(trimmed), name: trimmed, now: nowIso(clock) }));
    },

    /** Adds a tag (slug from the name unless given); refuses a slug another tag has (TAG_SLUG_TAKEN). */
    async createTag(input: NewTagInput, change: TagChangeContext): Promise<Tag> {
      const data = parseTagInput(newTagSchema, input);
      const slug = data.slug ?? slugify(data.name);
      const tag = await store.transaction(async (queries) => {
        if (await queries.findBySlug(slug)) throw tagErrors.slugTaken(slug);
        return toTag(await queries.insert({ slug, name: data.name, now: nowIso(clock) }));
      });
      await record(change, 'tag.create', tag.id, { slug: tag.slug, name: tag.name });
      return tag;
    },

    /** Renames a tag and/or changes its slug (and so its page's URL). */
    async updateTag(id: number, input: TagChangeInput, change: TagChangeContext): Promise<Tag> {
      const data = parseTagInput(tagChangeSchema, input);
      const { before, after } = await store.transaction(async (queries) => {
        const current = await queries.findById(id);
        if (!current) throw tagErrors.notFound(id);
        if (data.slug !== undefined && data.slug !== current.slug && (await queries.findBySlug(data.slug))) throw tagErrors.slugTaken(data.slug);
        return { before: toTag(current), after: toTag(await queries.update(id, data)) };
      });
      await record(change, 'tag.update', id, {
        changed: (['name', 'slug'] as const).filter((field) => before[field] !== after[field]),
        ...(before.name !== after.name ? { old_name: before.name, new_name: after.name } : {}),
        ...(before.slug !== after.slug ? { old_slug: before.slug, new_slug: after.slug } : {}),
      });
      return after;
    },

    /**
     * Merges tag `id` into `intoId`: every article carrying `id` carries `intoId` instead, then
     * `id` is deleted, all in one transaction. Returns the surviving tag.
     */
    async mergeTag(id: number, input: TagMergeInput, change: TagChangeContext): Promise<Tag> {
      const data = parseTagInput(tagMergeSchema, input);
      if (data.intoId === id) throw tagErrors.mergeIntoSelf();
      const { source, target, moved } = await store.transaction(async (queries) => {
        const from = await queries.findById(id);
        if (!from) throw tagErrors.notFound(id);
        const into = await queries.findById(data.intoId);
        if (!into) throw tagErrors.mergeTargetNotFound(data.intoId);
        const movedLinks = await queries.moveLinks(id, into.id);
        await queries.delete(id);
        return { source: toTag(from), target: toTag(into), moved: movedLinks };
      });
      await record(change, 'tag.merge', id, { merged_slug: source.slug, merged_name: source.name, into_id: target.id, into_slug: target.slug, articles_moved: moved });
      return target;
    },

    /** Deletes a tag and removes it from every article. */
    async deleteTag(id: number, change: TagChangeContext): Promise<Tag> {
      const { deleted, unlinked } = await store.transaction(async (queries) => {
        const current = await queries.findById(id);
        if (!current) throw tagErrors.notFound(id);
        const links = await queries.deleteLinks(id);
        await queries.delete(id);
        return { deleted: toTag(current), unlinked: links };
      });
      await record(change, 'tag.delete', id, { slug: deleted.slug, name: deleted.name, articles_unlinked: unlinked });
      return deleted;
    },
  };
}

export type TagService = ReturnType<typeof createTagService>;
