import type { AppServices } from '../../src/app-services.js';
import type { Article, NewArticleInput } from '../../src/articles/index.js';
import { markdownToDocument } from '../../src/rich-text/index.js';

let counter = 0;

/** A section path → id map built by `makeSections`. */
export type SectionIds = Record<string, number>;

/** Creates sections from paths such as "world", "world/asia" (parents first). */
export async function makeSections(services: AppServices, paths: string[]): Promise<SectionIds> {
  const ids: SectionIds = {};
  for (const path of paths) {
    const parts = path.split('/');
    const slug = parts[parts.length - 1] ?? path;
    const parentPath = parts.slice(0, -1).join('/') || undefined;
    const name = slug.replace(/-/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
    const row = await services.sections.createSection({ parentPath, slug, name, description: `${name} news.`, position: Object.keys(ids).length });
    ids[path] = row.id;
  }
  return ids;
}

/** A published article with sensible defaults; override any field. */
export async function makeArticle(services: AppServices, overrides: Partial<NewArticleInput> & { primarySectionId: number }): Promise<Article> {
  counter += 1;
  return services.articles.createArticle({
    headline: `Test story number ${counter}`,
    dek: `A short standfirst for story ${counter}.`,
    status: 'published',
    publishedAt: new Date(Date.UTC(2026, 0, 1, 0, counter)).toISOString(),
    body: markdownToDocument(`First paragraph of story ${counter}.\n\n## A subhead\n\nSecond paragraph with a [link](https://example.com/).`),
    ...overrides,
  });
}
