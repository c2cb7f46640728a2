import type { Article } from './article.js';

/** A section's place in the tree, enough to walk up to the root. */
export interface SectionParents {
  parentOf(sectionId: number): number | null | undefined;
}

/**
 * The reader pages' entity keys that show `article` while it is public: its own page, the home
 * page, search results, the fronts of its sections and all their ancestors, its authors' and
 * tags' pages, and everything listing all public stories (sitemaps: `list:all`). A story that
 * is not public shows on no cached page, so it has no keys.
 */
export function publicPageKeys(article: Article | undefined, sections: SectionParents, nowIso: string): string[] {
  if (!article || article.status !== 'published' || !article.publishedAt || article.publishedAt > nowIso) return [];
  const keys = new Set<string>([`article:${article.id}`, 'list:home', 'list:search', 'list:all']);
  for (const start of [article.primarySectionId, ...article.secondarySectionIds]) {
    const seen = new Set<number>();
    for (let id: number | null | undefined = start; id !== null && id !== undefined && !seen.has(id); id = sections.parentOf(id)) {
      seen.add(id);
      keys.add(`list:section:${id}`);
    }
  }
  for (const author of article.authors) keys.add(`list:author:${author.id}`);
  for (const tag of article.tags) keys.add(`list:tag:${tag.id}`);
  return [...keys];
}
