import type { AppServices } from '../../app-services.js';
import type { SiteContext } from '../site-context.js';
import type { SlotFill } from './slot-fill.js';

/** The home page's Trending Stories block (filled by the trending work). Undefined leaves the block out. */
export async function homeTrending(_services: AppServices, _ctx: SiteContext): Promise<SlotFill | undefined> {
  return undefined;
}
