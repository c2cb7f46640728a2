import { readingMinutes, renderDocumentHtml } from '../rich-text/index.js';
import type { Article } from '../articles/index.js';
import { TOPIC_KINDS, TOPIC_KIND_LABELS, topicCacheKey, topicPath } from '../topics/index.js';
import type { ArticleTopic } from '../topics/index.js';
import { sectionAncestry } from '../sections/index.js';
import { breadcrumbListJsonLd, newsArticleJsonLd, socialImageOf } from './json-ld.js';
import { presentLayout } from './present-layout.js';
import { presentImage } from './present-story.js';
import { articlePath, authorPath, sectionPath, tagPath } from './site-paths.js';
import type { SiteContext } from './site-context.js';
import { toTimeView } from './time-format.js';
import type { ArticlePageView, LinkView } from './view-models.js';
import type { ArticleSlotId } from './slots/load-slots.js';
import type { SlotFill } from './slots/slot-fill.js';

/** The article page's four discovery slots, in page order. Later features fill them. */
export const ARTICLE_SLOTS = [
  { id: 'related', title: 'Related' },
  { id: 'public-reaction', title: 'Public Reaction' },
  { id: 'editors-picks', title: "Editor's Picks" },
  { id: 'trending', title: 'Trending Stories' },
] as const;

// Updates within this many minutes of publication are not announced as "Updated".
const UPDATE_GRACE_MS = 5 * 60_000;

/** Builds the view model of an article page. */
export function presentArticlePage(ctx: SiteContext, article: Article, slots: Partial<Record<ArticleSlotId, SlotFill>> = {}, topics: ArticleTopic[] = []): ArticlePageView {
  const { language, timeZone, name: publicationName } = ctx.publication;
  const ancestry = sectionAncestry(ctx.tree, article.primarySectionId);
  const top = ancestry[0];
  const path = articlePath(article.slug);
  const breadcrumb: LinkView[] = [{ name: 'Home', url: '/' }, ...ancestry.map((s) => ({ name: s.name, url: sectionPath(s.path) }))];
  const published = article.publishedAt ? toTimeView(article.publishedAt, language, timeZone) : null;
  const wasUpdated = article.publishedAt !== null && new Date(article.updatedAt).getTime() - new Date(article.publishedAt).getTime() > UPDATE_GRACE_MS;
  const primary = ancestry[ancestry.length - 1];
  const title = article.seoTitle ?? article.headline;
  const description = article.seoDescription ?? article.dek;
  return {
    ...presentLayout(
      ctx,
      {
        title: `${title} | ${publicationName}`,
        description,
        path,
        jsonLd: [newsArticleJsonLd(ctx, article, primary?.name), breadcrumbListJsonLd(ctx, breadcrumb)],
        // The byline names its authors and the footer of the story its tags: their renames change it.
        surrogateKeys: [
          ...new Set([
            `article:${article.id}`,
            ...article.authors.map((a) => `author:${a.id}`),
            ...article.tags.map((t) => `tag:${t.id}`),
            ...Object.values(slots).flatMap((fill) => fill.surrogateKeys ?? []),
            ...topics.map((t) => topicCacheKey(t.id)),
          ]),
        ],
        social: {
          type: 'article',
          title: article.socialTitle ?? title,
          description: article.socialDescription ?? description,
          image: socialImageOf(ctx, article.leadImage),
          article: {
            publishedTime: article.publishedAt ? new Date(article.publishedAt).toISOString() : '',
            modifiedTime: new Date(article.updatedAt).toISOString(),
            section: primary?.name ?? '',
            tags: article.tags.map((t) => t.name),
          },
        },
      },
      top?.id,
    ),
    article: {
      id: article.id,
      url: path,
      kicker: article.kicker ?? '',
      headline: article.headline,
      dek: article.dek,
      authors: article.authors.map((a) => ({ name: a.name, url: authorPath(a.slug) })),
      dateline: article.dateline ?? '',
      published,
      updated: wasUpdated ? toTimeView(article.updatedAt, language, timeZone) : null,
      readingMinutes: readingMinutes(article.wordCount),
      leadImage: presentImage(article.leadImage),
      bodyHtml: renderDocumentHtml(article.body),
      corrections: article.corrections.map((c) => ({ text: c.body, date: toTimeView(c.correctedAt, language, timeZone) })),
      tags: article.tags.map((t) => ({ name: t.name, url: tagPath(t.slug) })),
      // "In this story": detected (or editor-added) people, places and organisations, by kind.
      topicGroups: TOPIC_KINDS.map((kind) => ({ label: TOPIC_KIND_LABELS[kind], topics: topics.filter((t) => t.kind === kind).map((t) => ({ name: t.name, url: topicPath(t.slug) })) })).filter((g) => g.topics.length > 0),
    },
    breadcrumb,
    sectionCallToAction: top ? { text: `Read the latest ${top.name} news on ${publicationName}`, url: sectionPath(top.path) } : null,
    slots: ARTICLE_SLOTS.map((slot) => {
      const filled = slots[slot.id];
      const stories = filled?.stories ?? [];
      const contentHtml = filled?.contentHtml ?? '';
      return { id: slot.id, title: slot.title, stories, contentHtml, isEmpty: stories.length === 0 && contentHtml === '' };
    }),
  };
}
