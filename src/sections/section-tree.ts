import type { SectionRow } from '../platform/db/tables.js';

/** A section with its place in the tree. */
export interface Section {
  id: number;
  parentId: number | null;
  slug: string;
  /** Slugs from the root joined by "/", e.g. "world/asia/central-asia". */
  path: string;
  name: string;
  description: string;
  position: number;
  depth: number;
  children: Section[];
}

/** The whole tree, indexed for the lookups pages make on every request. */
export interface SectionTree {
  roots: Section[];
  byId: Map<number, Section>;
  byPath: Map<string, Section>;
}

/** Builds the tree from rows; rows whose parent is missing become roots rather than vanish. */
export function buildSectionTree(rows: SectionRow[]): SectionTree {
  const byId = new Map<number, Section>();
  for (const row of rows) {
    byId.set(row.id, {
      id: row.id,
      parentId: row.parent_id,
      slug: row.slug,
      path: row.path,
      name: row.name,
      description: row.description,
      position: row.position,
      depth: 0,
      children: [],
    });
  }
  const roots: Section[] = [];
  for (const section of byId.values()) {
    const parent = section.parentId === null ? undefined : byId.get(section.parentId);
    if (parent) parent.children.push(section);
    else roots.push(section);
  }
  const order = (a: Section, b: Section): number => a.position - b.position || a.id - b.id;
  const setDepth = (list: Section[], depth: number): void => {
    list.sort(order);
    for (const s of list) {
      s.depth = depth;
      setDepth(s.children, depth + 1);
    }
  };
  setDepth(roots, 0);
  const byPath = new Map([...byId.values()].map((s) => [s.path, s]));
  return { roots, byId, byPath };
}

/** The chain from the root down to `sectionId`, inclusive. */
export function sectionAncestry(tree: SectionTree, sectionId: number): Section[] {
  const chain: Section[] = [];
  const seen = new Set<number>();
  let current = tree.byId.get(sectionId);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    chain.unshift(current);
    current = current.parentId === null ? undefined : tree.byId.get(current.parentId);
  }
  return chain;
}

/** The top-level section that `sectionId` sits under (itself when it is top-level). */
export function topLevelSection(tree: SectionTree, sectionId: number): Section | undefined {
  return sectionAncestry(tree, sectionId)[0];
}

/** `section` and every section below it. */
export function sectionWithDescendants(section: Section): Section[] {
  const all: Section[] = [section];
  for (const child of section.children) all.push(...sectionWithDescendants(child));
  return all;
}

/** True when `candidateId` is `section` itself or sits anywhere below it. */
export function isSelfOrDescendant(section: Section, candidateId: number): boolean {
  return sectionWithDescendants(section).some((s) => s.id === candidateId);
}

/**
 * The paths `section` and everything below it take when `section` gets `newPath`: each
 * descendant's path is rebuilt from its ancestors' slugs, parents listed before children.
 */
export function subtreePaths(section: Section, newPath: string): { id: number; path: string }[] {
  const paths = [{ id: section.id, path: newPath }];
  for (const child of section.children) paths.push(...subtreePaths(child, `${newPath}/${child.slug}`));
  return paths;
}

/** The section's path under `parent` (top level when undefined). */
export function childPath(parent: Section | undefined, slug: string): string {
  return parent ? `${parent.path}/${slug}` : slug;
}
