/** @module sections — the nested section tree, breadcrumbs, section fronts' scope, and editing the tree. */
export { createSectionStore } from './section-store.js';
export type { SectionStore } from './section-store.js';
export { createSectionService } from './section-service.js';
export type { SectionService, SectionChangeContext } from './section-service.js';
export { buildSectionTree, sectionAncestry, topLevelSection, sectionWithDescendants } from './section-tree.js';
export type { Section, SectionTree } from './section-tree.js';
export type { NewSectionInput, SectionChangeInput, SectionMoveInput, SectionOrderInput } from './section-schemas.js';
export { sectionAdminRoutes } from './section-admin-routes.js';
