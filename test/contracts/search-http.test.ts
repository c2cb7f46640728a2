import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/platform/clock.js';
import { INTERNAL_REQUEST_HEADER, internalRequestHeaders } from '../../src/platform/http/internal-request.js';
import { markdownToDocument } from '../../src/rich-text/index.js';
import { buildTestApp } from '../support/build-test-app.js';
import { makeArticle, makeSections } from '../support/factories.js';
import type { SectionIds } from '../support/factories.js';
import { NASTY_QUERIES } from '../support/nasty-queries.js';
import { availableDialects } from '../support/test-databases.js';

/** Search over HTTP: the reader page /search and the Content API's /search, on every dialect. */
const dialects = await availableDialects();
const BASE = '/api/content/v1';

interface SearchBody {
  results: { article: { slug: string }; score: number; headline_html: string; snippet_html: string }[];
  meta: { query: string; total: number; total_is_lower_bound: boolean; limit: number; page: number; next_cursor: string | null };
}

describe.each(dialects)('search over HTTP on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let key: string;
  let sections: SectionIds;
  const clock: Clock = { now: () => new Date('2026-06-01T12:00:00.000Z') };
  const get = (url: string) => built.app.inject({ method: 'GET', url });
  const api = (query: string) => built.app.inject({ method: 'GET', url: `${BASE}/search?${query}`, headers: { 'x-content-key': key } });
  /** Percent-encoding; a lone surrogate (not encodable) is sent as invalid UTF-8 bytes. */
  const enc = (text: string) => {
    try {
      return encodeURIComponent(text);
    } catch {
      return '%ED%A0%80';
    }
  };
  /** 200, or 414 when the URL is longer than the server takes (MAX_URL_LENGTH): never a 500. */
  const expectAnswered = (url: string, status: number, label: string) => expect(status, label).toBe(url.length > 4096 ? 414 : 200);

  beforeAll(async () => {
    built = await buildTestApp({ dialect, clock });
    const { services } = built;
    await services.settings.updatePublication({ timeZone: 'Asia/Bishkek' });
    key = (await services.contentKeys.issueKey('search test')).key;
    sections = await makeSections(services, ['world', 'world/asia', 'sport']);
    const ann = await services.authors.createAuthor({ slug: 'ann-reporter', name: 'Ann Reporter' });
    await services.authors.createAuthor({ slug: 'bo-writer', name: 'Bo Writer' });
    await makeArticle(services, {
      slug: 'volga-floods',
      headline: 'Volga floods <reach> the delta',
      dek: 'Water levels are the highest in decades.',
      primarySectionId: sections['world/asia']!,
      authorIds: [ann.id],
      // 00:30 on 1 May in Bishkek (UTC+6).
      publishedAt: '2026-04-30T18:30:00Z',
      body: markdownToDocument('The river rose overnight and the Volga delta flooded.'),
    });
    await makeArticle(services, { slug: 'volga-cup', headline: 'Rowing cup on the Volga', primarySectionId: sections.sport!, publishedAt: '2026-03-01T10:00:00Z' });
    for (let i = 0; i < 13; i++) await makeArticle(services, { headline: `Marathon report ${i}`, primarySectionId: sections.sport!, publishedAt: `2026-02-${String(1 + i).padStart(2, '0')}T10:00:00Z` });
  });
  afterAll(async () => built?.close());

  describe('reader page', () => {
    it('shows ranked, highlighted results with a count, cached briefly like before', async () => {
      const response = await get('/search?q=volga');
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('public, max-age=60');
      expect(response.headers['surrogate-key']).toContain('list:search');
      const html = response.body;
      expect(html).toContain('2 results for “volga”');
      expect(html).toContain('<a href="/articles/volga-floods"><mark>Volga</mark> floods &lt;reach&gt; the delta</a>');
      expect(html.indexOf('/articles/volga-floods')).toBeLessThan(html.indexOf('/articles/volga-cup'));
      expect(html).toMatch(/<p class="search-result-snippet">[^<]*<mark>Volga<\/mark>/);
      expect(html).toContain('<meta name="robots" content="noindex">');
    });

    it('has a filter form that works without JavaScript, keeping its values', async () => {
      const html = (await get('/search?q=volga&section=world&author=ann-reporter&from=2026-05-01&to=2026-05-01')).body;
      expect(html).toContain('1 result for “volga”');
      expect(html).toContain('/articles/volga-floods');
      expect(html).not.toContain('/articles/volga-cup');
      expect(html).toContain('<form class="search-filters" role="search" action="/search" method="get"');
      expect(html).toContain('<option value="world/asia">World › Asia</option>');
      expect(html).toContain('<option value="world" selected>World</option>');
      expect(html).toContain('<option value="ann-reporter" selected>Ann Reporter</option>');
      expect(html).toContain('<input id="search-from" type="date" name="from" value="2026-05-01"');
      expect(html).toContain('<label for="search-section">Section</label>');
      expect(html).toContain('href="/search?q=volga">Clear filters</a>');
      // The day is the publication's (Bishkek): 30 April in Bishkek does not include the story.
      expect((await get('/search?q=volga&section=world&to=2026-04-30')).body).toContain('No results for “volga”');
    });

    it('ignores bad filters with a notice instead of failing', async () => {
      const response = await get('/search?q=volga&section=nowhere&author=nobody&from=yesterday&to=2026-02-30');
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('2 results for “volga”');
      expect(response.body).toContain('There is no such section');
      expect(response.body).toContain('There is no such author');
      expect(response.body).toContain('The “from” date was not a date');
      expect(response.body).toContain('The “to” date was not a date');
    });

    it('pages through results, keeping the query and filters in the links', async () => {
      const first = (await get('/search?q=marathon&section=sport')).body;
      expect(first).toContain('13 results for “marathon”');
      expect(first).toContain('href="/search?q=marathon&amp;section=sport&amp;page=2" rel="next"');
      expect(first.match(/class="search-result"/g)).toHaveLength(10);
      const second = (await get('/search?q=marathon&section=sport&page=2')).body;
      expect(second.match(/class="search-result"/g)).toHaveLength(3);
      expect((await get('/search?q=marathon&page=3')).statusCode).toBe(404);
    });

    it('shows the form alone for an empty query', async () => {
      const response = await get('/search');
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Search every story we have published.');
      expect(response.body).not.toContain('search-summary');
    });

    it(`answers ${NASTY_QUERIES.length} hostile queries with a page, never a 500`, async () => {
      for (const q of NASTY_QUERIES) {
        const url = `/search?q=${enc(q)}`;
        const response = await get(url);
        expectAnswered(url, response.statusCode, JSON.stringify(q).slice(0, 60));
        expect(response.body).not.toContain('<mark>volga</mark></mark>');
      }
      const long = await get(`/search?q=${enc(`volga ${'x'.repeat(300)}`)}`);
      expect(long.body).toContain('Your search was shortened');
      expect((await get('/search?q=a&q=b')).statusCode).toBe(200);
      expect((await get('/search?q=%FF%FE')).statusCode).toBe(200);
      expect((await get(`/search?q=${enc('<script>alert(1)</script>')}`)).body).not.toContain('<script>alert(1)');
    });
  });

  describe('Content API', () => {
    it('needs a content key', async () => {
      expect((await get(`${BASE}/search?q=volga`)).statusCode).toBe(401);
    });

    it('returns ranked results with highlights and meta', async () => {
      const response = await api('q=volga');
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('private, max-age=60');
      const body = response.json() as SearchBody;
      expect(body.results.map((r) => r.article.slug)).toEqual(['volga-floods', 'volga-cup']);
      expect(body.results[0]!.headline_html).toBe('<mark>Volga</mark> floods &lt;reach&gt; the delta');
      expect(body.results[0]!.snippet_html).toContain('<mark>Volga</mark>');
      expect(body.meta).toEqual({ query: 'volga', total: 2, total_is_lower_bound: false, limit: 20, page: 1, next_cursor: null });
    });

    it('filters by section, author and days', async () => {
      const slugs = async (query: string) => ((await api(query)).json() as SearchBody).results.map((r) => r.article.slug);
      expect(await slugs('q=volga&section=sport')).toEqual(['volga-cup']);
      expect(await slugs('q=volga&section=world')).toEqual(['volga-floods']);
      expect(await slugs('q=volga&author=ann-reporter')).toEqual(['volga-floods']);
      expect(await slugs('q=volga&from=2026-05-01')).toEqual(['volga-floods']);
      expect(await slugs('q=volga&to=2026-04-30')).toEqual(['volga-cup']);
    });

    it('pages with cursor or page', async () => {
      const first = (await api('q=marathon&limit=5')).json() as SearchBody;
      expect(first.meta.total).toBe(13);
      expect(first.meta.next_cursor).not.toBeNull();
      const second = (await api(`q=marathon&limit=5&cursor=${first.meta.next_cursor}`)).json() as SearchBody;
      const third = (await api('q=marathon&limit=5&page=3')).json() as SearchBody;
      expect(second.meta.page).toBe(2);
      expect(third.results).toHaveLength(3);
      expect(third.meta.next_cursor).toBeNull();
      const all = [first, second, third].flatMap((b) => b.results.map((r) => r.article.slug));
      expect(new Set(all).size).toBe(13);
    });

    it('refuses bad parameters with problem details', async () => {
      const cases: [string, string][] = [
        ['q=volga&section=nowhere', 'UNKNOWN_SECTION'],
        ['q=volga&author=nobody', 'UNKNOWN_AUTHOR'],
        ['q=volga&from=2026-02-30', 'INVALID_REQUEST'],
        ['q=volga&to=yesterday', 'INVALID_REQUEST'],
        ['q=volga&from=2026-05-02&to=2026-05-01', 'INVALID_REQUEST'],
        ['q=volga&limit=0', 'INVALID_REQUEST'],
        ['q=volga&limit=101', 'INVALID_REQUEST'],
        ['q=volga&page=0', 'INVALID_REQUEST'],
        ['q=volga&page=1&cursor=bzox', 'INVALID_REQUEST'],
        ['q=volga&cursor=nonsense', 'INVALID_CURSOR'],
        ['q=a&q=b', 'INVALID_REQUEST'],
        ['q=volga&colour=red', 'INVALID_REQUEST'],
        [`q=${'a'.repeat(2_001)}`, 'INVALID_REQUEST'],
      ];
      for (const [query, code] of cases) {
        const response = await api(query);
        expect(response.statusCode, query.slice(0, 60)).toBe(400);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect((response.json() as { code: string }).code, query.slice(0, 60)).toBe(code);
      }
    });

    it(`answers ${NASTY_QUERIES.length} hostile queries with results or an empty list`, async () => {
      for (const q of NASTY_QUERIES) {
        const url = `${BASE}/search?q=${enc(q)}`;
        const response = await api(`q=${enc(q)}`);
        const label = JSON.stringify(q).slice(0, 60);
        if (q.length > 2_000) {
          expect(response.statusCode, label).toBe(url.length > 4096 ? 414 : 400);
          continue;
        }
        expectAnswered(url, response.statusCode, label);
        expect(Array.isArray((response.json() as SearchBody).results)).toBe(true);
      }
      expect(((await api('q=')).json() as SearchBody).meta.total).toBe(0);
      expect(((await api(`q=${enc('"volga')}`)).json() as SearchBody).meta.total).toBe(2);
    });

    it('is listed in the OpenAPI document', async () => {
      const doc = (await get(`${BASE}/openapi.json`)).json() as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
      expect(doc.paths['/search']).toBeDefined();
      expect(doc.components.schemas.SearchResults).toBeDefined();
    });
  });
});

describe('search rate limit per address (SEARCH_PER_MINUTE)', () => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let key: string;
  let now = new Date('2026-06-01T12:00:00.000Z');
  const clock: Clock = { now: () => now };
  const from = (address: string) => ({ 'x-forwarded-for': address });

  beforeAll(async () => {
    built = await buildTestApp({ clock, env: { SEARCH_PER_MINUTE: '3' } });
    key = (await built.services.contentKeys.issueKey('limit test')).key;
    const sections = await makeSections(built.services, ['world']);
    await makeArticle(built.services, { headline: 'Volga floods reach the delta', primarySectionId: sections.world!, publishedAt: '2026-05-01T10:00:00Z' });
  });
  afterAll(async () => built?.close());

  it('answers 429 with Retry-After once an address has searched too often, on the reader page and the Content API; others still search', async () => {
    const page = (q: string, address: string) => built.app.inject({ method: 'GET', url: `/search?q=${q}`, headers: from(address) });
    // An empty search form is not a search.
    for (let i = 0; i < 5; i++) expect((await built.app.inject({ method: 'GET', url: '/search', headers: from('203.0.113.7') })).statusCode).toBe(200);
    for (const q of ['volga', 'delta', 'floods']) expect((await page(q, '203.0.113.7')).statusCode, q).toBe(200);

    const refused = await page('river', '203.0.113.7');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(refused.body).toContain('You have searched very often in the last minute');
    expect(refused.body).toContain('name="q"');
    expect(refused.body).not.toContain('floods reach the delta');

    const api = await built.app.inject({ method: 'GET', url: '/api/content/v1/search?q=volga', headers: { ...from('203.0.113.7'), 'x-content-key': key } });
    expect(api.statusCode).toBe(429);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(Number(api.headers['retry-after'])).toBeGreaterThan(0);
    expect(api.json()).toMatchObject({ code: 'SEARCH_RATE_LIMITED', status: 429, retry_after: expect.any(Number) });

    const other = await page('volga', '198.51.100.20');
    expect(other.statusCode).toBe(200);
    expect(other.body).toContain('floods reach the delta');

    // The page cache's own background re-renders are not clients; a guessed header value is.
    const internal = await built.app.inject({ method: 'GET', url: '/search?q=volga', headers: { ...from('203.0.113.7'), ...internalRequestHeaders() } });
    expect(internal.statusCode).toBe(200);
    const spoofed = await built.app.inject({ method: 'GET', url: '/search?q=volga', headers: { ...from('203.0.113.7'), [INTERNAL_REQUEST_HEADER]: 'guess' } });
    expect(spoofed.statusCode).toBe(429);

    // The window slides: a minute later the first address may search again.
    now = new Date(now.getTime() + 61_000);
    expect((await page('volga', '203.0.113.7')).statusCode).toBe(200);
  });
});
