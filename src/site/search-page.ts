import type { AppServices } from '../app-services.js';
import { MAX_QUERY_LENGTH, MAX_SEARCH_DEPTH, dayRange, normalizeQuery } from '../search/index.js';
import { sectionAncestry, sectionWithDescendants } from '../sections/index.js';
import { presentLayout } from './present-layout.js';
import { presentPagination, presentStoryCard } from './present-story.js';
import type { SiteContext } from './site-context.js';
import type { SearchPageView } from './view-models.js';

/** Results per search page. */
export const SEARCH_RESULTS_PER_PAGE = 10;

/** The search page's URL parameters, each already reduced to one string ('' when absent). */
export interface SearchPageParams {
  q: string;
  section: string;
  author: string;
  from: string;
  to: string;
}

/**
 * The search page: ranked, highlighted results with section, author and date filters.
 * Bad filter values are ignored with a notice (never an error page); an over-long query is
 * shortened. Undefined when `page` is past the last page of results.
 */
export async function buildSearchPage(services: AppServices, ctx: SiteContext, params: SearchPageParams, page: number, options: { throttledSeconds?: number } = {}): Promise<SearchPageView | undefined> {
  const notices: string[] = [];
  // Over the per-address limit: the form and filters as asked, no search (the route answers 429).
  const throttled = (options.throttledSeconds ?? 0) > 0;
  if (throttled) notices.push(`You have searched very often in the last minute. Please try again in ${options.throttledSeconds} seconds.`);
  const query = normalizeQuery(params.q);
  if (params.q.trim().length > MAX_QUERY_LENGTH) notices.push(`Your search was shortened to its first ${MAX_QUERY_LENGTH} characters.`);

  const section = params.section ? ctx.tree.byPath.get(params.section) : undefined;
  if (params.section && !section) notices.push('There is no such section; showing all sections.');
  const authors = await services.authors.listAuthors();
  const author = params.author ? authors.find((a) => a.slug === params.author) : undefined;
  if (params.author && !author) notices.push('There is no such author; showing all authors.');
  const range = dayRange(params.from || undefined, params.to || undefined, ctx.publication.timeZone);
  if (range.errors.from) notices.push('The “from” date was not a date (YYYY-MM-DD) and was ignored.');
  if (range.errors.to) notices.push('The “to” date was not a date (YYYY-MM-DD) and was ignored.');

  const filters = {
    section: section ? section.path : '',
    author: author ? author.slug : '',
    from: range.from ? params.from : '',
    to: range.until ? params.to : '',
  };
  const hasFilters = Object.values(filters).some(Boolean);
  const response = query && !throttled
    ? await services.search.search({
        query,
        sectionIds: section ? sectionWithDescendants(section).map((s) => s.id) : undefined,
        authorId: author?.id,
        from: range.from,
        until: range.until,
        limit: SEARCH_RESULTS_PER_PAGE,
        offset: (page - 1) * SEARCH_RESULTS_PER_PAGE,
      })
    : undefined;
  if (page > 1 && !throttled && (!response || response.results.length === 0)) return undefined;

  const hasQuery = response !== undefined;
  const total = response?.total ?? 0;
  const extraQuery = new URLSearchParams(Object.entries({ q: query, ...filters }).filter(([, v]) => v !== '')).toString();
  const heading = hasQuery ? `Search results for “${response.query}”` : 'Search';
  const title = page > 1 ? `${heading} — page ${page}` : heading;
  const counted = response?.totalIsLowerBound ? `More than ${total.toLocaleString('en-GB')} results` : `${total.toLocaleString('en-GB')} ${total === 1 ? 'result' : 'results'}`;
  const summary = !hasQuery ? '' : total === 0 ? `No results for “${response.query}”` : `${counted} for “${response.query}”`;

  return {
    ...presentLayout(ctx, {
      title: `${title} | ${ctx.publication.name}`,
      description: ctx.publication.description,
      path: `/search${extraQuery ? `?${extraQuery}` : ''}`,
      robots: 'noindex',
      surrogateKeys: ['list:search', ...(response?.results.map((r) => `article:${r.article.id}`) ?? [])],
    }),
    heading,
    query: response?.query ?? query,
    hasQuery,
    filters,
    hasFilters,
    sectionOptions: [...ctx.tree.byPath.values()]
      .map((s) => ({ value: s.path, name: sectionAncestry(ctx.tree, s.id).map((a) => a.name).join(' › '), selected: s.path === filters.section }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    authorOptions: authors.map((a) => ({ value: a.slug, name: a.name, selected: a.slug === filters.author })).sort((a, b) => a.name.localeCompare(b.name)),
    total,
    summary,
    notices,
    results: (response?.results ?? []).map((r) => ({ story: presentStoryCard(ctx, r.article), headlineHtml: r.headlineHtml, snippetHtml: r.snippetHtml })),
    pagination: presentPagination('/search', page, Math.min(total, MAX_SEARCH_DEPTH), SEARCH_RESULTS_PER_PAGE, extraQuery),
    clearFiltersUrl: hasFilters && query ? `/search?${new URLSearchParams({ q: query }).toString()}` : '',
  };
}
