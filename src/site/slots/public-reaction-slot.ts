import type { AppServices } from '../../app-services.js';
import type { Article } from '../../articles/index.js';
import { publicReactionBlockHtml } from '../public-reaction-html.js';
import type { SiteContext } from '../site-context.js';
import type { SlotFill } from './slot-fill.js';

/** Form tokens of the cached article page (reactions, reports): bound to the article, not to a reader. */
export const ARTICLE_FORM_PURPOSE = 'art';

/**
 * Public Reaction: the reaction bar and the first page of approved comments, the same for every
 * reader so the page stays in the shared cache. A reader's own reaction and live counts come
 * from /api/reader/v1/articles/:id/reactions; a signed-in reader's copy (never cached) gets the
 * comment form in place of the sign-in link. Tagged comments:<id> and reactions:<id>.
 */
export async function publicReactionSlot(services: AppServices, ctx: SiteContext, article: Article): Promise<SlotFill | undefined> {
  const [reactions, list, isClosed, token] = await Promise.all([
    services.reactions.summary(article.id),
    services.comments.list(article.id, { sort: 'newest', page: 1 }),
    services.comments.isClosed(article.id),
    services.readers.issueFormToken(ARTICLE_FORM_PURPOSE, String(article.id)),
  ]);
  return {
    contentHtml: publicReactionBlockHtml({
      articleId: article.id,
      slug: article.slug,
      reactions,
      reactionToken: token,
      comments: list.comments,
      total: list.total,
      pageCount: list.pageCount,
      isClosed,
      locale: { language: ctx.publication.language, timeZone: ctx.publication.timeZone },
    }),
    surrogateKeys: [`comments:${article.id}`, `reactions:${article.id}`],
  };
}
