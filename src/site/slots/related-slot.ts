import type { AppServices } from '../../app-services.js';
import type { Article } from '../../articles/index.js';
import type { SiteContext } from '../site-context.js';
import type { SlotFill } from './slot-fill.js';

/** Related: 4–6 stories chosen for this article (filled by the related-articles work). Undefined leaves the block hidden. */
export async function relatedSlot(_services: AppServices, _ctx: SiteContext, _article: Article): Promise<SlotFill | undefined> {
  return undefined;
}
