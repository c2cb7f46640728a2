import type { AppServices } from '../app-services.js';
import type { ListPublishedOptions } from '../articles/index.js';
import { presentLayout } from './present-layout.js';
import { presentPagination, presentStoryCard, storyCardKeys } from './present-story.js';
import { authorPath, pagedPath, tagPath } from './site-paths.js';
import type { SiteContext } from './site-context.js';
import { STORIES_PER_PAGE } from './front-pages.js';
import type { ListPageView } from './view-models.js';

/** An author's page: bio and their stories. Undefined when the author or page does not exist. */
export async function buildAuthorPage(services: AppServices, ctx: SiteContext, slug: string, page: number): Promise<ListPageView | undefined> {
  const author = await services.authors.findAuthor(slug);
  if (!author) return undefined;
  return buildList(services, ctx, {
    filter: { authorId: author.id },
    page,
    path: authorPath(author.slug),
    heading: author.name,
    intro: author.bio,
    listKey: `list:author:${author.id}`,
    entityKey: `author:${author.id}`,
    photoUrl: author.photoUrl,
    jsonLd: [{ '@context': 'https://schema.org', '@type': 'ProfilePage', mainEntity: { '@type': 'Person', name: author.name, description: author.bio, url: `${ctx.publicUrl}${authorPath(author.slug)}` } }],
  });
}

/** A tag's page: its stories. */
export async function buildTagPage(services: AppServices, ctx: SiteContext, slug: string, page: number): Promise<ListPageView | undefined> {
  const tag = await services.tags.findTag(slug);
  if (!tag) return undefined;
  return buildList(services, ctx, { filter: { tagId: tag.id }, page, path: tagPath(tag.slug), heading: tag.name, intro: `Stories about ${tag.name}.`, listKey: `list:tag:${tag.id}`, entityKey: `tag:${tag.id}` });
}

async function buildList(
  services: AppServices,
  ctx: SiteContext,
  spec: {
    filter: Omit<ListPublishedOptions, 'limit'>;
    page: number;
    path: string;
    query?: string;
    heading: string;
    intro: string;
    /** Surrogate key of the list itself, e.g. "list:author:3". */
    listKey: string;
    /** Key of the entity the page presents (its name, bio…), e.g. "author:3". */
    entityKey?: string;
    photoUrl?: string | null;
    robots?: string;
    jsonLd?: object[];
  },
): Promise<ListPageView | undefined> {
  const [stories, total] = await Promise.all([
    services.articles.listPublished({ ...spec.filter, limit: STORIES_PER_PAGE, offset: (spec.page - 1) * STORIES_PER_PAGE }),
    services.articles.countPublished(spec.filter),
  ]);
  if (spec.page > 1 && stories.length === 0) return undefined;
  const title = spec.page > 1 ? `${spec.heading} — page ${spec.page}` : spec.heading;
  return {
    ...presentLayout(ctx, {
      title: `${title} | ${ctx.publication.name}`,
      description: spec.intro || ctx.publication.description,
      path: pagedPath(spec.path, spec.page, spec.query),
      ...(spec.robots ? { robots: spec.robots } : {}),
      ...(spec.jsonLd ? { jsonLd: spec.jsonLd } : {}),
      surrogateKeys: [...new Set([spec.listKey, ...(spec.entityKey ? [spec.entityKey] : []), ...storyCardKeys(stories)])],
    }),
    heading: spec.heading,
    intro: spec.intro,
    photoUrl: spec.photoUrl ?? null,
    stories: stories.map((s) => presentStoryCard(ctx, s)),
    pagination: presentPagination(spec.path, spec.page, total, STORIES_PER_PAGE, spec.query),
  };
}
