import type { AppServices } from '../../app-services.js';
import type { Article } from '../../articles/index.js';
import type { SiteContext } from '../site-context.js';
import { editorsPicksSlot } from './editors-picks-slot.js';
import { homeEditorsPicks } from './home-editors-picks.js';
import { homeTrending } from './home-trending.js';
import { publicReactionSlot } from './public-reaction-slot.js';
import { relatedSlot } from './related-slot.js';
import type { SlotFill } from './slot-fill.js';
import { trendingSlot } from './trending-slot.js';

export type ArticleSlotId = 'related' | 'public-reaction' | 'editors-picks' | 'trending';

/** Every discovery block of an article page, loaded side by side. */
export async function loadArticleSlots(services: AppServices, ctx: SiteContext, article: Article): Promise<Partial<Record<ArticleSlotId, SlotFill>>> {
  const [related, reaction, picks, trending] = await Promise.all([
    relatedSlot(services, ctx, article),
    publicReactionSlot(services, ctx, article),
    editorsPicksSlot(services, ctx, article),
    trendingSlot(services, ctx, article),
  ]);
  return { ...(related ? { related } : {}), ...(reaction ? { 'public-reaction': reaction } : {}), ...(picks ? { 'editors-picks': picks } : {}), ...(trending ? { trending } : {}) };
}

/** The home page's discovery blocks, in page order (after the lead). */
export async function loadHomeBlocks(services: AppServices, ctx: SiteContext): Promise<{ id: string; title: string; fill: SlotFill }[]> {
  const [picks, trending] = await Promise.all([homeEditorsPicks(services, ctx), homeTrending(services, ctx)]);
  return [
    ...(picks ? [{ id: 'editors-picks', title: "Editor's Picks", fill: picks }] : []),
    ...(trending ? [{ id: 'trending', title: 'Trending Stories', fill: trending }] : []),
  ];
}
