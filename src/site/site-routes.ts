import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppServices } from '../app-services.js';
import { RESERVED_PAGE_SLUGS } from '../pages/index.js';
import { presentArticlePage } from './article-page.js';
import { personaliseArticlePage } from './public-reaction-routes.js';
import { buildHomePage, buildSectionPage } from './front-pages.js';
import { buildAuthorPage, buildTagPage } from './list-pages.js';
import { buildSearchPage } from './search-page.js';
import { presentErrorPage, presentStaticPage } from './other-pages.js';
import { articlePath } from './site-paths.js';
import { buildTopicPage } from './topic-page.js';
import { loadArticleSlots } from './slots/load-slots.js';
import { loadSiteContext } from './site-context.js';
import type { SiteContext, SiteContextSource } from './site-context.js';
import type { TemplateName, ThemeEngine } from './theme-engine.js';
import type { LayoutView } from './view-models.js';
import { isInternalRequest } from '../platform/http/internal-request.js';

export interface SiteRoutesOptions {
  services: AppServices;
  theme: ThemeEngine;
  publicUrl: string;
  /** Where pages get the site context; default: the database, for every request. */
  siteContext?: SiteContextSource;
}

/** Cache policy of public reader pages until the page cache takes over. */
const PUBLIC_CACHE_CONTROL = 'public, max-age=60, s-maxage=300, stale-while-revalidate=600';
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The reader site: home, section fronts, articles, author, tag, search and static pages,
 * plus the HTML 404 page. Handlers parse the URL, ask the services and render the theme.
 */
export async function siteRoutes(app: FastifyInstance, options: SiteRoutesOptions): Promise<void> {
  const { services, theme } = options;
  const context = (): Promise<SiteContext> => contextOf(options);

  const send = async (reply: FastifyReply, template: TemplateName, model: LayoutView, status = 200, cacheControl = PUBLIC_CACHE_CONTROL) => {
    const html = await theme.render(template, model);
    return reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', cacheControl)
      .header('surrogate-key', model.surrogateKeys.join(' '))
      .send(html);
  };
  const sendError = async (reply: FastifyReply, ctx: SiteContext, status: 404 | 410) =>
    send(reply, 'error', presentErrorPage(ctx, status), status, status === 410 ? PUBLIC_CACHE_CONTROL : 'public, max-age=60');

  // A signed-in visitor's page (staff or reader) must never land in a shared cache (CDN or browser-shared).
  // A signed-in reader's article page gets the comment form (Public Reaction).
  app.addHook('onSend', async (request, reply, payload) => {
    const cookie = request.headers.cookie ?? '';
    if (request.headers.authorization || /(?:^|;\s*)(bs_session|bs_reader)=/.test(cookie)) reply.header('cache-control', 'private, no-store');
    if (typeof payload === 'string' && /(?:^|;\s*)bs_reader=/.test(cookie) && request.url.startsWith('/articles/')) return personaliseArticlePage(services, request, payload);
    return payload;
  });

  app.get('/', async (request, reply) => {
    // An imported site's id links (/?p=123, /?page_id=4) answer with a 301 to what they became.
    const query = request.query as Record<string, unknown> | undefined;
    if (query && ['p', 'page_id', 'cat'].some((name) => typeof query[name] === 'string')) {
      const moved = await services.imports.resolveLegacyUrl(request.url);
      if (moved) return reply.redirect(moved, 301);
    }
    const ctx = await context();
    if (request.query && Object.keys(request.query as object).length > 0 && parsePage(request) === null) return sendError(reply, ctx, 404);
    return send(reply, 'home', await buildHomePage(services, ctx));
  });

  app.get<{ Params: { slug: string } }>('/articles/:slug', async (request, reply) => {
    const ctx = await context();
    const { slug } = request.params;
    if (!SLUG.test(slug)) return sendError(reply, ctx, 404);
    const lookup = await services.articles.lookupPublished(slug);
    switch (lookup.kind) {
      case 'found': {
        const [slots, topics] = await Promise.all([loadArticleSlots(services, ctx, lookup.article), services.topics.topicsOfArticle(lookup.article.id)]);
        return send(reply, 'article', presentArticlePage(ctx, lookup.article, slots, topics));
      }
      case 'moved':
        return reply.code(301).header('cache-control', PUBLIC_CACHE_CONTROL).redirect(articlePath(lookup.slug), 301);
      case 'gone':
        return sendError(reply, ctx, 410);
      case 'missing':
        return sendError(reply, ctx, 404);
    }
  });

  app.get<{ Params: { slug: string } }>('/authors/:slug', async (request, reply) => {
    const ctx = await context();
    const page = parsePage(request);
    const view = page !== null && SLUG.test(request.params.slug) ? await buildAuthorPage(services, ctx, request.params.slug, page) : undefined;
    return view ? send(reply, 'list', view) : sendError(reply, ctx, 404);
  });

  app.get<{ Params: { slug: string } }>('/tags/:slug', async (request, reply) => {
    const ctx = await context();
    const page = parsePage(request);
    const view = page !== null && SLUG.test(request.params.slug) ? await buildTagPage(services, ctx, request.params.slug, page) : undefined;
    return view ? send(reply, 'list', view) : sendError(reply, ctx, 404);
  });

  app.get<{ Params: { slug: string } }>('/topics/:slug', async (request, reply) => {
    const ctx = await context();
    const page = parsePage(request);
    const view = page !== null && SLUG.test(request.params.slug) ? await buildTopicPage(services, ctx, request.params.slug, page) : undefined;
    return view ? send(reply, 'list', view) : sendError(reply, ctx, 404);
  });

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/search', async (request, reply) => {
    const ctx = await context();
    const page = parsePage(request);
    // Repeated parameters count once (the first); anything too long to be real is cut, never a 500.
    const param = (name: string): string => {
      const raw = request.query[name];
      const value = (Array.isArray(raw) ? raw[0] : raw) ?? '';
      return typeof value === 'string' ? value.slice(0, name === 'q' ? 10_000 : 300) : '';
    };
    const params = { q: param('q'), section: param('section'), author: param('author'), from: param('from'), to: param('to') };
    // Only searches that reach the database count (page-cache hits are served before this), and
    // not the page cache's own background re-renders.
    const wait = page !== null && params.q.trim() !== '' && !isInternalRequest(request.headers) ? await services.search.admit(request.ip) : 0;
    const view = page !== null ? await buildSearchPage(services, ctx, params, page, { throttledSeconds: wait }) : undefined;
    if (view && wait > 0) return send(reply.header('retry-after', String(wait)), 'search', view, 429, 'no-store');
    return view ? send(reply, 'search', view, 200, 'public, max-age=60') : sendError(reply, ctx, 404);
  });

  // Section fronts (/world/asia/) and static pages (/about) share the root namespace.
  app.get('/*', async (request, reply) => {
    const ctx = await context();
    const path = (request.url.split('?')[0] ?? '/').replace(/^\/+/, '');
    const trimmed = path.replace(/\/+$/, '');
    const segments = trimmed.split('/');
    // The API, media and assets answer their own 404s (problem details for /api).
    if (RESERVED_PAGE_SLUGS.has(segments[0] ?? '')) return reply.callNotFound();
    if (trimmed === '' || !segments.every((s) => SLUG.test(s))) return sendLegacyOr404(request, reply, ctx);
    const page = parsePage(request);
    const section = ctx.tree.byPath.get(trimmed);
    if (section) {
      if (!path.endsWith('/')) return reply.code(301).redirect(`/${trimmed}/${queryOf(request)}`, 301);
      const view = page !== null ? await buildSectionPage(services, ctx, section, page) : undefined;
      return view ? send(reply, 'section', view) : sendError(reply, ctx, 404);
    }
    if (segments.length === 1 && !RESERVED_PAGE_SLUGS.has(trimmed)) {
      const staticPage = await services.pages.findPublished(trimmed);
      if (staticPage) {
        if (path.endsWith('/')) return reply.code(301).redirect(`/${trimmed}`, 301);
        return send(reply, 'page', presentStaticPage(ctx, staticPage));
      }
    }
    return sendLegacyOr404(request, reply, ctx);
  });

  /** Before a 404: an old URL of an imported site (WordPress permalink, Ghost /slug/) answers with a 301 to what it became. */
  async function sendLegacyOr404(request: FastifyRequest, reply: FastifyReply, ctx: SiteContext) {
    const moved = await services.imports.resolveLegacyUrl(request.url);
    if (moved && moved !== (request.url.split('?')[0] ?? '')) return reply.redirect(moved, 301);
    return sendError(reply, ctx, 404);
  }
}

/** Renders the site's 404 page for any URL no route matched. */
export async function renderNotFoundPage(options: SiteRoutesOptions): Promise<string> {
  const ctx = await contextOf(options);
  return options.theme.render('error', presentErrorPage(ctx, 404));
}

/** Renders the site's 500 page. */
export async function renderServerErrorPage(options: SiteRoutesOptions): Promise<string> {
  const ctx = await contextOf(options);
  return options.theme.render('error', presentErrorPage(ctx, 500));
}

function contextOf(options: SiteRoutesOptions): Promise<SiteContext> {
  return options.siteContext ? options.siteContext.get() : loadSiteContext(options.services, options.publicUrl);
}

/** `?page=N` → N (1 when absent); null when it is not a whole number from 1 to 10000. */
function parsePage(request: FastifyRequest): number | null {
  const raw = (request.query as Record<string, unknown> | undefined)?.page;
  if (raw === undefined) return 1;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,3}$/.test(raw)) return null;
  return Number(raw);
}

function queryOf(request: FastifyRequest): string {
  const index = request.url.indexOf('?');
  return index === -1 ? '' : request.url.slice(index);
}
