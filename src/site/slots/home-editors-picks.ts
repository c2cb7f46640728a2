import type { AppServices } from '../../app-services.js';
import type { SiteContext } from '../site-context.js';
import type { SlotFill } from './slot-fill.js';

/** The home page's Editor's Picks block (filled by the collections work). Undefined leaves the block out. */
export async function homeEditorsPicks(_services: AppServices, _ctx: SiteContext): Promise<SlotFill | undefined> {
  return undefined;
}
