import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors/app-error.js';
import { slugify } from '../platform/slug.js';
import { toTag } from './tag.js';
import type { Tag } from './tag.js';
import type { TagStore } from './tag-store.js';

/** Reads tags and creates them by name. */
export function createTagService(deps: { store: TagStore; clock: Clock }) {
  const { store, clock } = deps;
  return {
    async listTags(): Promise<Tag[]> {
      return (await store.listAll()).map(toTag);
    },
    async findTag(slug: string): Promise<Tag | undefined> {
      const row = await store.findBySlug(slug);
      return row ? toTag(row) : undefined;
    },
    /** The tag named `name` (matched by slug), created when new. */
    async ensureTag(name: string): Promise<Tag> {
      const trimmed = name.trim();
      if (!trimmed || trimmed.length > 100) {
        throw new AppError({ code: 'TAG_NAME_INVALID', status: 400, title: 'Invalid tag', detail: 'A tag name must have 1 to 100 characters.' });
      }
      return toTag(await store.ensure({ slug: slugify(trimmed), name: trimmed, now: nowIso(clock) }));
    },
  };
}

export type TagService = ReturnType<typeof createTagService>;
