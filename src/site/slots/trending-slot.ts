import type { AppServices } from '../../app-services.js';
import type { Article } from '../../articles/index.js';
import { sectionWithDescendants, topLevelSection } from '../../sections/index.js';
import type { TrendingEntry } from '../../trending/index.js';
import { presentStoryCard } from '../present-story.js';
import type { SiteContext } from '../site-context.js';
import type { SlotFill } from './slot-fill.js';

/** Stories a Trending Stories block shows. */
export const TRENDING_BLOCK_SIZE = 5;

/**
 * Trending Stories on an article page: the most-read stories of the article's top-level section
 * (any section below it counts), topped up from the whole site when the section has fewer than
 * five; never the article itself. Undefined (block hidden) when nothing has been read yet.
 */
export async function trendingSlot(services: AppServices, ctx: SiteContext, article: Article): Promise<SlotFill | undefined> {
  const top = topLevelSection(ctx.tree, article.primarySectionId);
  const inSection = top ? await services.trending.top({ limit: TRENDING_BLOCK_SIZE, excludeArticleId: article.id, sectionIds: new Set(sectionWithDescendants(top).map((s) => s.id)) }) : [];
  let entries = inSection;
  if (entries.length < TRENDING_BLOCK_SIZE) {
    const shown = new Set(entries.map((e) => e.story.id));
    const siteWide = await services.trending.top({ limit: TRENDING_BLOCK_SIZE * 2, excludeArticleId: article.id });
    entries = [...entries, ...siteWide.filter((e) => !shown.has(e.story.id))].slice(0, TRENDING_BLOCK_SIZE);
  }
  return trendingFill(ctx, entries);
}

/** Cards for `entries`, with the page-cache keys: `trending` (the ranking moves) and each story shown. */
export function trendingFill(ctx: SiteContext, entries: TrendingEntry[]): SlotFill | undefined {
  if (entries.length === 0) return undefined;
  return {
    stories: entries.map((e) => presentStoryCard(ctx, e.story)),
    surrogateKeys: ['trending', ...entries.map((e) => `article:${e.story.id}`)],
  };
}
