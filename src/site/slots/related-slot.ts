import type { AppServices } from '../../app-services.js';
import type { Article } from '../../articles/index.js';
import { presentStoryCard } from '../present-story.js';
import type { SiteContext } from '../site-context.js';
import type { SlotFill } from './slot-fill.js';

/**
 * Related: the 4–6 stories stored for this article (editors' pins first). Stories that are no
 * longer public are skipped. Each shown story's key is on the page, so changing or unpublishing
 * it drops this page from the cache. Undefined (no list yet) leaves the block hidden.
 */
export async function relatedSlot(services: AppServices, ctx: SiteContext, article: Article): Promise<SlotFill | undefined> {
  const entries = await services.related.listRelated(article.id);
  if (entries.length === 0) return undefined;
  // One batch for every card: summaries only (the cards show no body, tags or corrections).
  const stories = await services.articles.findPublishedSummariesByIds(entries.map((entry) => entry.id));
  if (stories.length === 0) return undefined;
  return { stories: stories.map((story) => presentStoryCard(ctx, story)), surrogateKeys: stories.map((story) => `article:${story.id}`) };
}
