import type { FastifyInstance } from 'fastify';
import { MAX_SEARCH_DEPTH, dayRange } from '../search/index.js';
import { sectionWithDescendants } from '../sections/index.js';
import { queryWithoutKey, sendData } from './content-api-http.js';
import { contentApiErrors, quote } from './content-api-errors.js';
import { presentArticle } from './content-api-presenters.js';
import { parseRequestPart } from './content-api-schemas.js';
import type { ContentApiOptions } from './content-api-routes.js';
import { searchQuerySchema } from './search-content-endpoints.js';
import type { SearchResponseBody } from './search-content-endpoints.js';

const CURSOR = /^[A-Za-z0-9_-]{1,40}$/;

/** Search cursors are opaque: base64url of "o:<offset>" of the next result. */
function encodeSearchCursor(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

function decodeSearchCursor(text: string): number | undefined {
  if (!CURSOR.test(text)) return undefined;
  const match = /^o:([1-9]\d{0,6})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) return undefined;
  const offset = Number(match[1]);
  return offset <= MAX_SEARCH_DEPTH && encodeSearchCursor(offset) === text ? offset : undefined;
}

/** Content API: GET /search — ranked full-text search with filters and pagination. */
export async function searchContentRoutes(api: FastifyInstance, options: ContentApiOptions): Promise<void> {
  const { services } = options;
  const publicUrl = options.publicUrl.replace(/\/+$/, '');

  api.get('/search', async (request, reply) => {
    const query = parseRequestPart(searchQuerySchema, queryWithoutKey(request));
    if (query.cursor !== undefined && query.page !== undefined) throw contentApiErrors.invalidRequest({ page: 'give either cursor or page, not both' });
    let offset = 0;
    if (query.cursor !== undefined) {
      const decoded = decodeSearchCursor(query.cursor);
      if (decoded === undefined) throw contentApiErrors.invalidCursor();
      offset = decoded;
    } else if (query.page !== undefined) {
      offset = (query.page - 1) * query.limit;
    }
    const [tree, settings, author] = await Promise.all([
      services.sections.getTree(),
      services.settings.getPublication(),
      query.author === undefined ? undefined : services.authors.findAuthor(query.author),
    ]);
    let sectionIds: number[] | undefined;
    if (query.section !== undefined) {
      const section = tree.byPath.get(query.section);
      if (!section) throw contentApiErrors.unknownSection(quote(query.section));
      sectionIds = sectionWithDescendants(section).map((s) => s.id);
    }
    if (query.author !== undefined && !author) throw contentApiErrors.unknownAuthor(quote(query.author));
    const range = dayRange(query.from, query.to, settings.timeZone);
    if (range.from !== undefined && range.until !== undefined && range.from >= range.until) throw contentApiErrors.invalidRequest({ to: 'must not be before from' });

    const wait = await services.search.admit(request.ip);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw contentApiErrors.searchThrottled(wait);
    }
    const found = await services.search.search({ query: query.q, sectionIds, authorId: author?.id, from: range.from, until: range.until, limit: query.limit, offset });
    const next = offset + query.limit;
    const body: SearchResponseBody = {
      results: found.results.map((r) => ({ article: presentArticle(r.article, tree, publicUrl), score: r.score, headline_html: r.headlineHtml, snippet_html: r.snippetHtml })),
      meta: {
        query: found.query,
        total: found.total,
        total_is_lower_bound: found.totalIsLowerBound,
        limit: query.limit,
        page: Math.floor(offset / query.limit) + 1,
        next_cursor: next < Math.min(found.total, MAX_SEARCH_DEPTH) ? encodeSearchCursor(next) : null,
      },
    };
    return sendData(reply, body);
  });
}
