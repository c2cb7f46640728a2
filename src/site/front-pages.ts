import type { AppServices } from '../app-services.js';
import type { ArticleSummary } from '../articles/index.js';
import { HOMEPAGE_LEAD, collectionCacheKey } from '../collections/index.js';
import { sectionAncestry, sectionWithDescendants } from '../sections/index.js';
import type { Section } from '../sections/index.js';
import { breadcrumbListJsonLd, collectionPageJsonLd, organizationJsonLd } from './json-ld.js';
import { presentLayout } from './present-layout.js';
import { presentPagination, presentStoryCard, storyCardKeys } from './present-story.js';
import { pagedPath, sectionPath } from './site-paths.js';
import type { SiteContext } from './site-context.js';
import { loadHomeBlocks } from './slots/load-slots.js';
import type { HomePageView, LinkView, SectionPageView } from './view-models.js';

/** Stories per page on section fronts and other lists. */
export const STORIES_PER_PAGE = 20;
/** Stories per section block on the home page. */
export const HOME_STORIES_PER_SECTION = 4;

/**
 * The home page: the lead (the site-wide `homepage-lead` collection's first live story, else
 * the newest story), then each top-level section's latest.
 */
export async function buildHomePage(services: AppServices, ctx: SiteContext): Promise<HomePageView> {
  const [picked] = await services.collections.liveStorySummaries(HOMEPAGE_LEAD, null, { limit: 1 });
  const [lead] = picked ? [picked] : await services.articles.listPublished({ limit: 1 });
  const listed: ArticleSummary[][] = [];
  const blocks = await Promise.all(
    ctx.tree.roots.map(async (section, index) => {
      const stories = await services.articles.listPublished({
        sectionIds: sectionWithDescendants(section).map((s) => s.id),
        limit: HOME_STORIES_PER_SECTION + 1,
      });
      listed[index] = stories;
      return {
        section: { name: section.name, url: sectionPath(section.path) },
        stories: stories.filter((s) => s.id !== lead?.id).slice(0, HOME_STORIES_PER_SECTION).map((s) => presentStoryCard(ctx, s)),
      };
    }),
  );
  const { name, description } = ctx.publication;
  const sections = blocks.filter((b) => b.stories.length > 0);
  const discovery = await loadHomeBlocks(services, ctx);
  // The stories on the page (the lead and each block's cards), each once, for their keys.
  const summaries = new Map([...listed.flat(), ...(lead ? [lead] : [])].map((s) => [s.id, s]));
  const shownIds = new Set([...(lead ? [lead.id] : []), ...sections.flatMap((b) => b.stories.map((s) => s.id))]);
  const shown = [...shownIds].flatMap((id) => summaries.get(id) ?? []);
  const surrogateKeys = [...new Set(['list:home', collectionCacheKey(HOMEPAGE_LEAD, null), ...storyCardKeys(shown), ...discovery.flatMap((b) => b.fill.surrogateKeys ?? [])])];
  return {
    ...presentLayout(ctx, { title: `${name}: ${description}`, description, path: '/', jsonLd: [organizationJsonLd(ctx), websiteJsonLd(ctx)], surrogateKeys }),
    lead: lead ? presentStoryCard(ctx, lead) : null,
    blocks: discovery.map(({ id, title, fill }) => {
      const stories = fill.stories ?? [];
      const contentHtml = fill.contentHtml ?? '';
      return { id, title, stories, contentHtml, isEmpty: stories.length === 0 && contentHtml === '' };
    }),
    sections,
  };
}

/** A section front, or undefined when `page` is past the end. */
export async function buildSectionPage(services: AppServices, ctx: SiteContext, section: Section, page: number): Promise<SectionPageView | undefined> {
  const sectionIds = sectionWithDescendants(section).map((s) => s.id);
  const [stories, total] = await Promise.all([
    services.articles.listPublished({ sectionIds, limit: STORIES_PER_PAGE, offset: (page - 1) * STORIES_PER_PAGE }),
    services.articles.countPublished({ sectionIds }),
  ]);
  if (page > 1 && stories.length === 0) return undefined;
  const ancestry = sectionAncestry(ctx.tree, section.id);
  const path = sectionPath(section.path);
  const breadcrumb: LinkView[] = [{ name: 'Home', url: '/' }, ...ancestry.map((s) => ({ name: s.name, url: sectionPath(s.path) }))];
  const title = page > 1 ? `${section.name} — page ${page}` : section.name;
  const description = section.description || `The latest ${section.name} news.`;
  const cards = stories.map((s) => presentStoryCard(ctx, s));
  return {
    ...presentLayout(
      ctx,
      {
        title: `${title} | ${ctx.publication.name}`,
        description,
        path: pagedPath(path, page),
        jsonLd: [
          breadcrumbListJsonLd(ctx, breadcrumb),
          collectionPageJsonLd(ctx, { name: title, description, path: pagedPath(path, page), stories: cards, firstPosition: (page - 1) * STORIES_PER_PAGE + 1 }),
        ],
        surrogateKeys: [`list:section:${section.id}`, `section:${section.id}`, ...storyCardKeys(stories)],
      },
      ancestry[0]?.id,
    ),
    section: { name: section.name, url: path, description: section.description },
    breadcrumb,
    subsections: section.children.map((c) => ({ name: c.name, url: sectionPath(c.path) })),
    stories: cards,
    pagination: presentPagination(path, page, total, STORIES_PER_PAGE),
  };
}

function websiteJsonLd(ctx: SiteContext): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: ctx.publication.name,
    url: `${ctx.publicUrl}/`,
    potentialAction: { '@type': 'SearchAction', target: { '@type': 'EntryPoint', urlTemplate: `${ctx.publicUrl}/search?q={search_term_string}` }, 'query-input': 'required name=search_term_string' },
  };
}
