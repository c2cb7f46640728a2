import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppServices } from '../app-services.js';
import type { Article } from '../articles/index.js';
import { articleToNinjs, NINJS_CONTENT_TYPE } from '../interchange/index.js';
import { sectionWithDescendants } from '../sections/index.js';
import { decodeCursor, encodeCursor } from './article-cursor.js';
import { contentApiErrors, quote } from './content-api-errors.js';
import { presentArticle, presentAuthor, presentPage, presentPageSummary, presentRelated, presentSectionNode, presentTag } from './content-api-presenters.js';
import {
  articleParamsSchema,
  emptyQuerySchema,
  listArticlesQuerySchema,
  parseRequestPart,
  slugParamsSchema,
} from './content-api-schemas.js';
import type { ListArticlesQuery } from './content-api-schemas.js';
import { requireContentKey } from './content-key-auth.js';
import { buildOpenApiDocument } from './openapi-document.js';
import { DATA_CACHE_CONTROL, queryWithoutKey, sendData } from './content-api-http.js';
import { collectionsContentRoutes } from './collections-content-routes.js';
import { publicReactionContentRoutes } from './public-reaction-content-routes.js';
import { searchContentRoutes } from './search-content-routes.js';
import { trendingContentRoutes } from './trending-content-routes.js';

export interface ContentApiOptions {
  services: AppServices;
  /** Absolute origin, for absolute links in responses. */
  publicUrl: string;
}

const DOCUMENT_CACHE_CONTROL = 'public, max-age=300';
const NUMERIC_ID = /^[1-9]\d{0,15}$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The Content API: read-only JSON at /api/content/v1 for apps, partners and syndication.
 * Every handler follows the same steps: auth (the onRequest hook) → validate the query and
 * path with zod → ask the services → present snake_case JSON. Errors are AppErrors, which the
 * app's error handler sends as problem details.
 */
export async function contentApiRoutes(app: FastifyInstance, options: ContentApiOptions): Promise<void> {
  const { services } = options;
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const basePath = app.prefix;
  const openApiDocument = JSON.stringify(buildOpenApiDocument({ publicUrl, basePath }));

  app.get('/openapi.json', async (_request, reply) =>
    reply.header('content-type', 'application/json; charset=utf-8').header('cache-control', DOCUMENT_CACHE_CONTROL).send(openApiDocument),
  );

  // Anything else under the prefix is a problem-details 404, never the reader site's catch-all page.
  app.get('/', async (_request, reply) => reply.callNotFound());
  app.get('/*', async (_request, reply) => reply.callNotFound());

  await app.register(async (api) => {
    api.addHook('onRequest', requireContentKey(services.contentKeys));

    api.get('/articles', async (request, reply) => {
      const query = parseRequestPart(listArticlesQuerySchema, queryWithoutKey(request));
      const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (query.cursor !== undefined && !cursor) throw contentApiErrors.invalidCursor();
      const [tree, filter] = await Promise.all([services.sections.getTree(), resolveFilters(query)]);
      let sectionIds: number[] | undefined;
      if (query.section !== undefined) {
        const section = tree.byPath.get(query.section);
        if (!section) throw contentApiErrors.unknownSection(quote(query.section));
        sectionIds = sectionWithDescendants(section).map((s) => s.id);
      }
      // One story more than asked tells whether another page follows.
      const found = await services.articles.listPublishedFull({ ...filter, sectionIds, cursor, limit: query.limit + 1 });
      const page = found.slice(0, query.limit);
      const last = page[page.length - 1];
      const nextCursor = found.length > query.limit && last ? encodeCursor({ publishedAt: last.publishedAt ?? last.updatedAt, id: last.id }) : null;
      return sendData(reply, {
        articles: page.map((article) => presentArticle(article, tree, publicUrl)),
        meta: { next_cursor: nextCursor, limit: query.limit },
      });
    });

    api.get('/articles/:idOrSlug', async (request, reply) => {
      const params = articleParamsSchema.safeParse(request.params);
      if (!params.success) return reply.callNotFound();
      const { idOrSlug } = params.data;
      parseRequestPart(emptyQuerySchema, queryWithoutKey(request));
      const result = await findArticle(idOrSlug);
      switch (result.kind) {
        case 'found':
        {
          const entries = await services.related.listRelated(result.article.id);
          const stories = await Promise.all(entries.map((entry) => services.articles.findPublishedById(entry.id)));
          return sendData(reply, { article: { ...presentArticle(result.article, await services.sections.getTree(), publicUrl), related: presentRelated(entries, stories) } });
        }
        case 'moved':
          return reply.header('cache-control', DATA_CACHE_CONTROL).redirect(`${basePath}/articles/${result.slug}${queryStringOf(request)}`, 301);
        case 'gone':
          throw contentApiErrors.articleGone(quote(idOrSlug));
        case 'missing':
          throw contentApiErrors.articleNotFound(quote(idOrSlug));
      }
    });

    // More specific than /articles/:idOrSlug, so "12.ninjs" never reaches the slug lookup.
    api.get('/articles/:idOrSlug.ninjs', async (request, reply) => {
      const params = articleParamsSchema.safeParse(request.params);
      if (!params.success) return reply.callNotFound();
      const { idOrSlug } = params.data;
      parseRequestPart(emptyQuerySchema, queryWithoutKey(request));
      const result = await findArticle(idOrSlug);
      switch (result.kind) {
        case 'found': {
          const { article } = result;
          const [tree, settings] = await Promise.all([services.sections.getTree(), services.settings.getPublication()]);
          const primary = tree.byId.get(article.primarySectionId);
          const ninjs = articleToNinjs({
            article,
            publicUrl,
            language: settings.language,
            primarySection: primary ?? null,
            secondarySections: article.secondarySectionIds.flatMap((id) => tree.byId.get(id) ?? []),
          });
          return reply
            .header('cache-control', DATA_CACHE_CONTROL)
            .header('content-type', `${NINJS_CONTENT_TYPE}; charset=utf-8`)
            .send(JSON.stringify(ninjs));
        }
        case 'moved':
          return reply.header('cache-control', DATA_CACHE_CONTROL).redirect(`${basePath}/articles/${result.slug}.ninjs${queryStringOf(request)}`, 301);
        case 'gone':
          throw contentApiErrors.articleGone(quote(idOrSlug));
        case 'missing':
          throw contentApiErrors.articleNotFound(quote(idOrSlug));
      }
    });

    api.get('/sections', async (request, reply) => {
      parseRequestPart(emptyQuerySchema, queryWithoutKey(request));
      const tree = await services.sections.getTree();
      return sendData(reply, { sections: tree.roots.map(presentSectionNode) });
    });

    api.get('/authors', async (request, reply) => {
      parseRequestPart(emptyQuerySchema, queryWithoutKey(request));
      return sendData(reply, { authors: (await services.authors.listAuthors()).map(presentAuthor) });
    });

    api.get('/authors/:slug', async (request, reply) => {
      const params = slugParamsSchema.safeParse(request.params);
      if (!params.success) return reply.callNotFound();
      const { slug } = params.data;
      parseRequestPart(emptyQuerySchema, queryWithoutKey(request));
      const author = SLUG.test(slug) ? await services.authors.findAuthor(slug) : undefined;
      if (!author) throw contentApiErrors.authorNotFound(quote(slug));
      return sendData(reply, { author: presentAuthor(author) });
    });

    api.get('/tags', async (request, reply) => {
      parseRequestPart(emptyQuerySchema, queryWithoutKey(request));
      return sendData(reply, { tags: (await services.tags.listTags()).map(presentTag) });
    });

    api.get('/pages', async (request, reply) => {
      parseRequestPart(emptyQuerySchema, queryWithoutKey(request));
      return sendData(reply, { pages: (await services.pages.listPublished()).map(presentPageSummary) });
    });

    api.get('/pages/:slug', async (request, reply) => {
      const params = slugParamsSchema.safeParse(request.params);
      if (!params.success) return reply.callNotFound();
      const { slug } = params.data;
      parseRequestPart(emptyQuerySchema, queryWithoutKey(request));
      const page = SLUG.test(slug) ? await services.pages.findPublished(slug) : undefined;
      if (!page) throw contentApiErrors.pageNotFound(quote(slug));
      return sendData(reply, { page: presentPage(page) });
    });

    // Discovery and public-reaction endpoints, each area in its own file (endpoints listed in *-content-endpoints.ts).
    for (const plugin of [trendingContentRoutes, collectionsContentRoutes, searchContentRoutes, publicReactionContentRoutes]) {
      await api.register(plugin, { services, publicUrl });
    }
  });

  /** The tag and author filters as ids; unknown slugs are 400s, not empty lists, so typos show. */
  async function resolveFilters(query: ListArticlesQuery): Promise<{ tagId?: number; authorId?: number }> {
    const [tag, author] = await Promise.all([
      query.tag === undefined ? undefined : services.tags.findTag(query.tag),
      query.author === undefined ? undefined : services.authors.findAuthor(query.author),
    ]);
    if (query.tag !== undefined && !tag) throw contentApiErrors.unknownTag(quote(query.tag));
    if (query.author !== undefined && !author) throw contentApiErrors.unknownAuthor(quote(query.author));
    return { ...(tag ? { tagId: tag.id } : {}), ...(author ? { authorId: author.id } : {}) };
  }

  type ArticleResult = { kind: 'found'; article: Article } | { kind: 'moved'; slug: string } | { kind: 'gone' } | { kind: 'missing' };

  /** A numeric id is looked up as an id first; a slug (or a number no story has as id) as a slug. */
  async function findArticle(idOrSlug: string): Promise<ArticleResult> {
    if (NUMERIC_ID.test(idOrSlug)) {
      const id = Number(idOrSlug);
      const article = await services.articles.findPublishedById(id);
      if (article) return { kind: 'found', article };
      const stored = await services.articles.getArticle(id);
      if (stored?.status === 'unpublished') return { kind: 'gone' };
      if (stored) return { kind: 'missing' };
    }
    if (!SLUG.test(idOrSlug)) return { kind: 'missing' };
    return services.articles.lookupPublished(idOrSlug);
  }
}

function queryStringOf(request: FastifyRequest): string {
  const index = request.url.indexOf('?');
  return index === -1 ? '' : request.url.slice(index);
}
