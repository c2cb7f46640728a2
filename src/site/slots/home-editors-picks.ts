import type { AppServices } from '../../app-services.js';
import { EDITORS_PICKS, collectionCacheKey } from '../../collections/index.js';
import { presentStoryCard } from '../present-story.js';
import type { SiteContext } from '../site-context.js';
import type { SlotFill } from './slot-fill.js';

/** Stories in the home page's Editor's Picks block. */
export const HOME_PICKS_LIMIT = 6;

/** The home page's Editor's Picks block: the site-wide `editors-picks` collection's live stories. */
export async function homeEditorsPicks(services: AppServices, ctx: SiteContext): Promise<SlotFill | undefined> {
  const stories = await services.collections.liveStorySummaries(EDITORS_PICKS, null, { limit: HOME_PICKS_LIMIT });
  const key = collectionCacheKey(EDITORS_PICKS, null);
  // Empty: no block, but the key stays so that filling the collection drops the home page.
  if (stories.length === 0) return { surrogateKeys: [key] };
  return { stories: stories.map((s) => presentStoryCard(ctx, s)), surrogateKeys: [key, ...stories.map((s) => `article:${s.id}`)] };
}
