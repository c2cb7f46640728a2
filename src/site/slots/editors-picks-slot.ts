import type { AppServices } from '../../app-services.js';
import type { Article } from '../../articles/index.js';
import type { SiteContext } from '../site-context.js';
import type { SlotFill } from './slot-fill.js';

/** Editor's Picks for this article's section or the whole site (filled by the collections work). Undefined leaves the block hidden. */
export async function editorsPicksSlot(_services: AppServices, _ctx: SiteContext, _article: Article): Promise<SlotFill | undefined> {
  return undefined;
}
