import type { AppServices } from '../app-services.js';
import type { ArticleSummary } from '../articles/index.js';
import { TOPIC_KIND_LABELS, topicCacheKey, topicPath } from '../topics/index.js';
import { STORIES_PER_PAGE } from './front-pages.js';
import { presentLayout } from './present-layout.js';
import { presentPagination, presentStoryCard } from './present-story.js';
import { pagedPath } from './site-paths.js';
import type { SiteContext } from './site-context.js';
import type { ListPageView } from './view-models.js';

const SCHEMA_TYPES = { person: 'Person', place: 'Place', organization: 'Organization' } as const;

/** A detected topic's page (/topics/{slug}): its published stories, newest first. Undefined when the topic or page does not exist. */
export async function buildTopicPage(services: AppServices, ctx: SiteContext, slug: string, page: number): Promise<ListPageView | undefined> {
  const topic = await services.topics.findTopic(slug);
  if (!topic) return undefined;
  const { ids, total } = await services.topics.publishedArticleIds(topic.id, { limit: STORIES_PER_PAGE, offset: (page - 1) * STORIES_PER_PAGE });
  if (page > 1 && ids.length === 0) return undefined;
  const stories = (await Promise.all(ids.map((id) => services.articles.findPublishedById(id)))).filter((s): s is NonNullable<typeof s> & ArticleSummary => s !== undefined);
  const path = topicPath(topic.slug);
  const heading = topic.name;
  const title = page > 1 ? `${heading} — page ${page}` : heading;
  const intro = `Stories about ${topic.name} (${TOPIC_KIND_LABELS[topic.kind].toLowerCase()}).`;
  return {
    ...presentLayout(ctx, {
      title: `${title} | ${ctx.publication.name}`,
      description: intro,
      path: pagedPath(path, page),
      jsonLd: [{ '@context': 'https://schema.org', '@type': 'CollectionPage', name: title, url: `${ctx.publicUrl}${pagedPath(path, page)}`, about: { '@type': SCHEMA_TYPES[topic.kind], name: topic.name } }],
      surrogateKeys: [topicCacheKey(topic.id), ...stories.map((s) => `article:${s.id}`)],
    }),
    heading,
    intro,
    photoUrl: null,
    stories: stories.map((s) => presentStoryCard(ctx, s)),
    pagination: presentPagination(path, page, total, STORIES_PER_PAGE),
  };
}
