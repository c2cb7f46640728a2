import type { AppServices } from '../../app-services.js';
import type { Article } from '../../articles/index.js';
import type { SiteContext } from '../site-context.js';
import type { SlotFill } from './slot-fill.js';

/** Trending Stories for this article's top-level section or the whole site (filled by the trending work). Undefined leaves the block hidden. */
export async function trendingSlot(_services: AppServices, _ctx: SiteContext, _article: Article): Promise<SlotFill | undefined> {
  return undefined;
}
