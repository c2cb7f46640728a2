import type { DemoArticle } from './demo-content-types.js';
import { demoArticles1 } from './demo-articles-1.js';
import { demoArticles2 } from './demo-articles-2.js';
import { demoArticles3 } from './demo-articles-3.js';
import { demoArticles4 } from './demo-articles-4.js';

export { demoPublication, demoSections } from './demo-sections.js';
export { demoAuthors } from './demo-authors.js';
export { demoPages } from './demo-pages.js';

export const demoArticles: DemoArticle[] = [
  ...demoArticles1,
  ...demoArticles2,
  ...demoArticles3,
  ...demoArticles4,
];
