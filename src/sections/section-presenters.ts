import type { Section } from './section-tree.js';

/** A section as the Admin API shows it (snake_case JSON). */
export interface AdminSectionJson {
  id: number;
  parent_id: number | null;
  slug: string;
  /** Slugs from the top section, joined by "/". */
  path: string;
  name: string;
  description: string;
  position: number;
  depth: number;
  /** The section front on the reader site. */
  url: string;
}

/** A section in the tree listing, with its subsections and the articles placed directly in it. */
export interface AdminSectionNodeJson extends AdminSectionJson {
  article_count: number;
  children: AdminSectionNodeJson[];
}

export function presentSection(section: Section): AdminSectionJson {
  return {
    id: section.id,
    parent_id: section.parentId,
    slug: section.slug,
    path: section.path,
    name: section.name,
    description: section.description,
    position: section.position,
    depth: section.depth,
    url: `/${section.path}/`,
  };
}

export function presentSectionNode(section: Section, articleCounts: Map<number, number>): AdminSectionNodeJson {
  return {
    ...presentSection(section),
    article_count: articleCounts.get(section.id) ?? 0,
    children: section.children.map((child) => presentSectionNode(child, articleCounts)),
  };
}
