import type { AuditActor, AuditLog } from '../audit/index.js';
import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { sectionErrors } from './section-errors.js';
import { newSectionSchema, parseSectionInput, sectionChangeSchema, sectionMoveSchema, sectionOrderSchema } from './section-schemas.js';
import type { NewSectionInput, SectionChangeInput, SectionMoveInput, SectionOrderInput } from './section-schemas.js';
import { buildSectionTree, childPath, isSelfOrDescendant, sectionWithDescendants, subtreePaths } from './section-tree.js';
import type { Section, SectionTree } from './section-tree.js';
import type { SectionQueries, SectionStore } from './section-store.js';

/** Who makes a change, and the audit log it is recorded in. */
export interface SectionChangeContext {
  actor: AuditActor;
  audit: Pick<AuditLog, 'record'>;
}

/**
 * Reads and edits the section tree. Every change runs in one transaction (a renamed or moved
 * section rewrites its own path and every descendant's together) and is then audit-logged.
 */
export function createSectionService(deps: { store: SectionStore; clock: Clock }) {
  const { store, clock } = deps;

  const loadTree = async (queries: SectionQueries): Promise<SectionTree> => buildSectionTree(await queries.listAll());
  const findIn = (tree: SectionTree, id: number): Section => {
    const section = tree.byId.get(id);
    if (!section) throw sectionErrors.notFound(id);
    return section;
  };
  const record = (change: SectionChangeContext, action: string, id: number | null, details: Record<string, unknown>) =>
    change.audit.record({ actor: change.actor, action, objectType: 'section', objectId: id, details });

  /** Gives `section` the path `newPath` and rebuilds every descendant's; refuses a path another section holds. */
  async function rewritePaths(queries: SectionQueries, tree: SectionTree, section: Section, newPath: string, now: string): Promise<void> {
    const subtreeIds = new Set(sectionWithDescendants(section).map((s) => s.id));
    const paths = subtreePaths(section, newPath);
    for (const { path } of paths) {
      const holder = tree.byPath.get(path);
      if (holder && !subtreeIds.has(holder.id)) throw sectionErrors.pathTaken(path);
    }
    for (const { id, path } of paths) await queries.update(id, { path }, now);
  }

  return {
    async getTree(): Promise<SectionTree> {
      return buildSectionTree(await store.listAll());
    },

    /** The tree plus how many articles sit directly in each section (primary or secondary). */
    async getTreeWithArticleCounts(): Promise<{ tree: SectionTree; articleCounts: Map<number, number> }> {
      const [rows, articleCounts] = await Promise.all([store.listAll(), store.articleCounts()]);
      return { tree: buildSectionTree(rows), articleCounts };
    },

    /** One section with its place in the tree; SECTION_NOT_FOUND when there is none. */
    async getSection(id: number): Promise<Section> {
      return findIn(buildSectionTree(await store.listAll()), id);
    },

    /**
     * Adds a section under a parent (by id or path; top level without either), at index `position`
     * among its siblings (default: last). Refuses bad fields, a missing parent and a taken path.
     */
    async createSection(input: NewSectionInput, change?: SectionChangeContext): Promise<Section> {
      const data = parseSectionInput(newSectionSchema, input);
      const section = await store.transaction(async (queries) => {
        const tree = await loadTree(queries);
        let parent: Section | undefined;
        if (data.parentId !== undefined && data.parentId !== null) {
          parent = tree.byId.get(data.parentId);
          if (!parent) throw sectionErrors.parentNotFound(data.parentId);
        } else if (data.parentPath) {
          parent = tree.byPath.get(data.parentPath);
          if (!parent) throw sectionErrors.parentNotFound(data.parentPath, 'parent_path');
        }
        const path = childPath(parent, data.slug);
        if (tree.byPath.has(path)) throw sectionErrors.pathTaken(path);
        const parentId = parent?.id ?? null;
        const now = nowIso(clock);
        const row = await queries.insert({ parentId, slug: data.slug, path, name: data.name, description: data.description ?? '', position: await queries.nextPosition(parentId), now });
        if (data.position !== undefined) {
          const siblings = (parent ? parent.children : tree.roots).map((s) => s.id);
          siblings.splice(Math.min(data.position, siblings.length), 0, row.id);
          await queries.setPositions(siblings, now);
        }
        return findIn(await loadTree(queries), row.id);
      });
      if (change) await record(change, 'section.create', section.id, { path: section.path, name: section.name, parent_id: section.parentId });
      return section;
    },

    /** Changes name, description or slug; a new slug rewrites the paths of the section and all below it. */
    async updateSection(id: number, input: SectionChangeInput, change: SectionChangeContext): Promise<Section> {
      const data = parseSectionInput(sectionChangeSchema, input);
      const { before, after } = await store.transaction(async (queries) => {
        const tree = await loadTree(queries);
        const current = findIn(tree, id);
        const now = nowIso(clock);
        if (data.slug !== undefined && data.slug !== current.slug) {
          const parent = current.parentId === null ? undefined : tree.byId.get(current.parentId);
          await rewritePaths(queries, tree, current, childPath(parent, data.slug), now);
        }
        await queries.update(id, { slug: data.slug, name: data.name, description: data.description }, now);
        return { before: current, after: findIn(await loadTree(queries), id) };
      });
      const changed = (['slug', 'name', 'description', 'path'] as const).filter((field) => before[field] !== after[field]);
      await record(change, 'section.update', id, {
        changed,
        ...(before.path !== after.path ? { old_path: before.path, new_path: after.path, descendants: sectionWithDescendants(after).length - 1 } : {}),
      });
      return after;
    },

    /**
     * Puts a section under another parent (null: top level), at `position` among its new siblings
     * (default: last). Refuses to make a section its own ancestor (SECTION_CYCLE).
     */
    async moveSection(id: number, input: SectionMoveInput, change: SectionChangeContext): Promise<Section> {
      const data = parseSectionInput(sectionMoveSchema, input);
      const { before, after } = await store.transaction(async (queries) => {
        const tree = await loadTree(queries);
        const current = findIn(tree, id);
        let parent: Section | undefined;
        if (data.parentId !== null) {
          parent = tree.byId.get(data.parentId);
          if (!parent) throw sectionErrors.parentNotFound(data.parentId);
          if (isSelfOrDescendant(current, parent.id)) throw sectionErrors.cycle(current.name);
        }
        const now = nowIso(clock);
        const parentId = parent?.id ?? null;
        const parentChanged = parentId !== current.parentId;
        if (parentChanged) {
          await rewritePaths(queries, tree, current, childPath(parent, current.slug), now);
          await queries.update(id, { parentId }, now);
        }
        if (parentChanged || data.position !== undefined) {
          const siblings = (parent ? parent.children : tree.roots).filter((s) => s.id !== id).map((s) => s.id);
          const index = Math.min(data.position ?? siblings.length, siblings.length);
          siblings.splice(index, 0, id);
          await queries.setPositions(siblings, now);
        }
        return { before: current, after: findIn(await loadTree(queries), id) };
      });
      await record(change, 'section.move', id, { old_parent_id: before.parentId, new_parent_id: after.parentId, old_path: before.path, new_path: after.path, position: after.position });
      return after;
    },

    /** Sets the order of one parent's children (null: the top level); `ids` must name each exactly once. */
    async reorderSections(input: SectionOrderInput, change: SectionChangeContext): Promise<Section[]> {
      const data = parseSectionInput(sectionOrderSchema, input);
      const ordered = await store.transaction(async (queries) => {
        const tree = await loadTree(queries);
        let siblings = tree.roots;
        if (data.parentId !== null) {
          const parent = tree.byId.get(data.parentId);
          if (!parent) throw sectionErrors.parentNotFound(data.parentId);
          siblings = parent.children;
        }
        const expected = new Set(siblings.map((s) => s.id));
        if (data.ids.length !== expected.size || data.ids.some((sectionId) => !expected.has(sectionId))) {
          throw sectionErrors.orderInvalid(`must list each of the ${expected.size} sections under this parent exactly once (ids ${[...expected].join(', ') || 'none'})`);
        }
        await queries.setPositions(data.ids, nowIso(clock));
        const after = await loadTree(queries);
        return data.ids.map((sectionId) => findIn(after, sectionId));
      });
      await record(change, 'section.reorder', data.parentId, { parent_id: data.parentId, ids: data.ids });
      return ordered;
    },

    /**
     * Deletes an empty leaf section. Refuses one that (or whose subsections) still holds articles
     * as primary or secondary section (SECTION_NOT_EMPTY), then one with subsections (SECTION_HAS_CHILDREN).
     */
    async deleteSection(id: number, change: SectionChangeContext): Promise<Section> {
      const deleted = await store.transaction(async (queries) => {
        const current = findIn(await loadTree(queries), id);
        const articleCount = await queries.countArticles(sectionWithDescendants(current).map((s) => s.id));
        if (articleCount > 0) throw sectionErrors.notEmpty(current.name, articleCount);
        if (current.children.length > 0) throw sectionErrors.hasChildren(current.name, current.children.length);
        await queries.delete(id);
        return current;
      });
      await record(change, 'section.delete', id, { path: deleted.path, name: deleted.name });
      return deleted;
    },
  };
}

export type SectionService = ReturnType<typeof createSectionService>;
