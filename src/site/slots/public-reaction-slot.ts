import type { AppServices } from '../../app-services.js';
import type { Article } from '../../articles/index.js';
import type { SiteContext } from '../site-context.js';
import type { SlotFill } from './slot-fill.js';

/** Public Reaction: reactions and comments (filled by the public-reaction work). Undefined leaves the block hidden. */
export async function publicReactionSlot(_services: AppServices, _ctx: SiteContext, _article: Article): Promise<SlotFill | undefined> {
  return undefined;
}
