import type { AppServices } from '../../app-services.js';
import type { Article } from '../../articles/index.js';
import { EDITORS_PICKS, collectionCacheKey } from '../../collections/index.js';
import { sectionAncestry } from '../../sections/index.js';
import { presentStoryCard } from '../present-story.js';
import type { SiteContext } from '../site-context.js';
import type { SlotFill } from './slot-fill.js';

/** Stories in the article page's Editor's Picks block. */
export const ARTICLE_PICKS_LIMIT = 4;

/**
 * Editor's Picks for this article: the `editors-picks` collection of its top-level section when
 * that has live stories, else the site-wide one; never the article itself. The page carries both
 * collections' keys (a change to either can change the block) and the shown stories' keys.
 */
export async function editorsPicksSlot(services: AppServices, ctx: SiteContext, article: Article): Promise<SlotFill | undefined> {
  const top = sectionAncestry(ctx.tree, article.primarySectionId)[0];
  const keys = [collectionCacheKey(EDITORS_PICKS, null), ...(top ? [collectionCacheKey(EDITORS_PICKS, top.id)] : [])];
  const options = { limit: ARTICLE_PICKS_LIMIT, excludeArticleId: article.id };
  let stories = top ? await services.collections.liveStorySummaries(EDITORS_PICKS, top.id, options) : [];
  if (stories.length === 0) stories = await services.collections.liveStorySummaries(EDITORS_PICKS, null, options);
  if (stories.length === 0) return { surrogateKeys: keys };
  return { stories: stories.map((s) => presentStoryCard(ctx, s)), surrogateKeys: [...keys, ...stories.map((s) => `article:${s.id}`)] };
}
