/** @module sections — the nested section tree, breadcrumbs and section fronts' scope. */
export { createSectionStore } from './section-store.js';
export type { SectionStore } from './section-store.js';
export { createSectionService } from './section-service.js';
export type { SectionService } from './section-service.js';
export { buildSectionTree, sectionAncestry, topLevelSection, sectionWithDescendants } from './section-tree.js';
export type { Section, SectionTree } from './section-tree.js';
