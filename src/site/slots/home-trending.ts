import type { AppServices } from '../../app-services.js';
import type { SiteContext } from '../site-context.js';
import type { SlotFill } from './slot-fill.js';
import { TRENDING_BLOCK_SIZE, trendingFill } from './trending-slot.js';

/** The home page's Trending Stories block: the most-read stories of the whole site. Undefined leaves the block out. */
export async function homeTrending(services: AppServices, ctx: SiteContext): Promise<SlotFill | undefined> {
  return trendingFill(ctx, await services.trending.top({ limit: TRENDING_BLOCK_SIZE }));
}
