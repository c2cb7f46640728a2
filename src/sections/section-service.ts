import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { SLUG_PATTERN } from '../platform/slug.js';
import { sectionErrors } from './section-errors.js';
import { buildSectionTree } from './section-tree.js';
import type { SectionTree } from './section-tree.js';
import type { SectionStore } from './section-store.js';

/** Reads the section tree and adds sections. */
export function createSectionService(deps: { store: SectionStore; clock: Clock }) {
  const { store, clock } = deps;
  return {
    async getTree(): Promise<SectionTree> {
      return buildSectionTree(await store.listAll());
    },

    /** Adds a section under `parentPath` (or at the top). Refuses bad slugs and duplicates. */
    async createSection(input: { parentPath?: string | undefined; slug: string; name: string; description?: string; position?: number }) {
      if (!SLUG_PATTERN.test(input.slug)) throw sectionErrors.invalidSlug(input.slug);
      const parent = input.parentPath ? await store.findByPath(input.parentPath) : undefined;
      if (input.parentPath && !parent) throw sectionErrors.parentNotFound(input.parentPath);
      const path = parent ? `${parent.path}/${input.slug}` : input.slug;
      if (await store.findByPath(path)) throw sectionErrors.pathTaken(path);
      return store.insert({
        parentId: parent?.id ?? null,
        slug: input.slug,
        path,
        name: input.name,
        description: input.description ?? '',
        position: input.position ?? 0,
        now: nowIso(clock),
      });
    },
  };
}

export type SectionService = ReturnType<typeof createSectionService>;
