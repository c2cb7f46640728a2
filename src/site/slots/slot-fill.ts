import type { StoryCardView } from '../view-models.js';

/**
 * What a discovery block contributes to a page: story cards, or pre-rendered HTML for blocks
 * that are not story lists, plus the page-cache keys of what it shows (so changing a
 * collection or a related story drops exactly the pages showing it).
 */
export interface SlotFill {
  stories?: StoryCardView[];
  contentHtml?: string;
  surrogateKeys?: string[];
}
