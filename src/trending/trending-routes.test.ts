import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Article } from '../articles/index.js';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0';
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const MINUTE = 60_000;

describe('Trending Stories through HTTP (SQLite, controlled clock)', () => {
  let nowMs = Date.parse('2026-11-28T10:05:00.000Z');
  const clock = { now: () => new Date(nowMs) };
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let asia: Article;
  let world: Article;
  let sport: Article;
  let draft: Article;
  let staffCookie: string;
  let key: string;

  const beacon = async (id: number | string, ip: string, headers: Record<string, string> = {}) => {
    const response = await built.app.inject({ method: 'POST', url: `/beacon?a=${id}`, headers: { 'user-agent': FIREFOX, 'x-forwarded-for': ip, 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'empty', ...headers } });
    return response;
  };
  const outcome = async (id: number | string, ip: string, headers: Record<string, string> = {}) => {
    const response = await beacon(id, ip, headers);
    expect(response.statusCode, response.body).toBe(204);
    expect(response.headers['cache-control']).toBe('no-store');
    return response.headers['x-beacon'];
  };
  const api = async (query: string) => built.app.inject({ method: 'GET', url: `/api/content/v1/trending?key=${key}${query}` });

  beforeAll(async () => {
    built = await buildTestApp({ clock, env: { PAGE_CACHE_BYTES: '0' } });
    const ids = await makeSections(built.services, ['world', 'world/asia', 'sport']);
    asia = await makeArticle(built.services, { primarySectionId: ids['world/asia']!, headline: 'Asia story' });
    world = await makeArticle(built.services, { primarySectionId: ids.world!, headline: 'World story' });
    sport = await makeArticle(built.services, { primarySectionId: ids.sport!, headline: 'Sport story' });
    draft = await makeArticle(built.services, { primarySectionId: ids.sport!, headline: 'Draft story', status: 'draft', publishedAt: null });
    staffCookie = (await signInAs(built, 'editor')).headers.cookie!;
    key = (await built.services.contentKeys.issueKey('trending test')).key;
  }, 120_000);
  afterAll(async () => built?.close());

  it('counts exactly the views of readers, once per visitor per article per 30 minutes', async () => {
    expect(await outcome(asia.id, '203.0.113.1')).toBe('counted');
    expect(await outcome(asia.id, '203.0.113.1')).toBe('repeat');
    expect(await outcome(asia.id, '203.0.113.2')).toBe('counted');
    expect(await outcome(asia.id, '203.0.113.1', { 'user-agent': SAFARI })).toBe('counted'); // another device behind the same address
    expect(await outcome(world.id, '203.0.113.1')).toBe('counted');
    expect(await outcome(asia.id, '203.0.113.3', { 'user-agent': GOOGLEBOT })).toBe('crawler');
    expect(await outcome(asia.id, '203.0.113.3', { 'user-agent': '' })).toBe('crawler');
    expect(await outcome(sport.id, '203.0.113.3', { 'sec-purpose': 'prefetch;prerender' })).toBe('prefetch');
    expect(await outcome(sport.id, '203.0.113.3', { purpose: 'prefetch' })).toBe('prefetch');
    expect(await outcome(sport.id, '203.0.113.4', { cookie: staffCookie })).toBe('staff');
    expect(await outcome(sport.id, '203.0.113.3', { 'sec-fetch-site': 'cross-site' })).toBe('foreign');
    expect(await outcome(999_999, '203.0.113.1')).toBe('unknown-article');
    expect(await outcome(draft.id, '203.0.113.1')).toBe('unknown-article');

    // The <noscript> pixel counts too, as a tiny uncached GIF.
    const pixel = await built.app.inject({ method: 'GET', url: `/beacon.gif?a=${sport.id}`, headers: { 'user-agent': FIREFOX, 'x-forwarded-for': '203.0.113.5', 'sec-fetch-dest': 'image' } });
    expect(pixel.statusCode).toBe(200);
    expect(pixel.headers['content-type']).toBe('image/gif');
    expect(pixel.headers['cache-control']).toBe('no-store');
    expect(pixel.headers['x-beacon']).toBe('counted');
    expect(pixel.rawPayload.subarray(0, 6).toString()).toBe('GIF89a');

    nowMs += 10 * MINUTE;
    expect(await outcome(asia.id, '203.0.113.1')).toBe('repeat');
    nowMs += 21 * MINUTE; // 31 minutes after the first view
    expect(await outcome(asia.id, '203.0.113.1')).toBe('counted');
    expect(await outcome(asia.id, '203.0.113.1')).toBe('repeat');

    // Malformed ids are refused clearly; nothing is counted.
    for (const bad of ['abc', '0', '-1', '1.5', '99999999999']) {
      const response = await beacon(bad, '203.0.113.1');
      expect(response.statusCode, bad).toBe(400);
      expect(response.json()).toMatchObject({ code: 'INVALID_REQUEST', fields: { a: 'must be an article id' } });
    }
    expect((await built.app.inject({ method: 'POST', url: '/beacon' })).statusCode).toBe(400);

    expect(await built.services.trending.flush()).toBe(3);
    const rows = await sql<{ article_id: number; hour: string; views: number }>`select article_id, hour, views from trending_views order by article_id`.execute(built.database.db);
    expect(rows.rows.map((r) => ({ ...r, article_id: Number(r.article_id), views: Number(r.views) }))).toEqual([
      { article_id: asia.id, hour: '2026-11-28T10:00:00.000Z', views: 4 },
      { article_id: world.id, hour: '2026-11-28T10:00:00.000Z', views: 1 },
      { article_id: sport.id, hour: '2026-11-28T10:00:00.000Z', views: 1 },
    ]);
    // No address or user agent is stored anywhere: only counts and the day's salt.
    const salts = await sql<{ day: string }>`select day from trending_salts`.execute(built.database.db);
    expect(salts.rows).toEqual([{ day: '2026-11-28' }]);
    expect(built.services.trending.stats()).toMatchObject({ counted: 6, repeat: 3, crawler: 2, prefetch: 2, staff: 1, foreign: 1, 'unknown-article': 2, throttled: 0 });
  });

  it('ranks by views decayed with the half-life, site-wide and per top-level section', async () => {
    nowMs = Date.parse('2026-11-28T12:10:00.000Z');
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) expect(await outcome(sport.id, ip)).toBe('counted');
    await built.services.trending.flush();
    nowMs = Date.parse('2026-11-28T12:30:00.000Z');
    built.services.trending.refresh();

    // Half-life 6 h; hour 10 is 2 h old at 12:30 (measured from 10:30): weight 2^(-1/3).
    const old = Math.pow(2, -1 / 3);
    const response = await api('');
    expect(response.statusCode).toBe(200);
    const body = response.json() as { trending: { rank: number; score: number; views: number; article: { id: number; section: { path: string } } }[]; meta: unknown };
    expect(body.trending.map((t) => [t.rank, t.article.id, t.views, t.score])).toEqual([
      [1, sport.id, 4, Math.round((3 + old) * 1000) / 1000],
      [2, asia.id, 4, Math.round(4 * old * 1000) / 1000],
      [3, world.id, 1, Math.round(old * 1000) / 1000],
    ]);
    expect(body.meta).toEqual({ section: null, half_life_hours: 6, window_hours: 48 });

    const worldOnly = (await api('&section=world')).json() as typeof body;
    expect(worldOnly.trending.map((t) => t.article.id)).toEqual([asia.id, world.id]);
    expect(worldOnly.trending[0]!.article.section.path).toBe('world/asia');
    expect(((await api('&section=sport&limit=1')).json() as typeof body).trending.map((t) => t.article.id)).toEqual([sport.id]);

    for (const [query, code] of [['&section=nowhere', 'UNKNOWN_SECTION'], ['&section=world/asia', 'INVALID_REQUEST'], ['&limit=0', 'INVALID_REQUEST'], ['&limit=21', 'INVALID_REQUEST'], ['&sort=new', 'INVALID_REQUEST']] as const) {
      const bad = await api(query);
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json(), query).toMatchObject({ code });
    }
    expect((await built.app.inject({ method: 'GET', url: '/api/content/v1/trending' })).statusCode).toBe(401);

    // 48 hours later nothing of this counts any more.
    nowMs = Date.parse('2026-11-30T12:30:00.000Z');
    built.services.trending.refresh();
    expect(((await api('')).json() as typeof body).trending).toEqual([]);
    nowMs = Date.parse('2026-11-28T12:30:00.000Z');
    built.services.trending.refresh();
  });

  it('shows the block on article pages (section first, topped up site-wide, never the story itself) and on the home page', async () => {
    const page = await built.app.inject({ method: 'GET', url: `/articles/${asia.slug}` });
    expect(page.statusCode).toBe(200);
    const block = /<section id="trending"[^>]*>([\s\S]*?)<\/section>/.exec(page.body)?.[1] ?? '';
    const headlines = [...block.matchAll(/<a[^>]*>\s*(Asia|World|Sport) story\s*<\/a>/g)].map((m) => m[1]);
    expect(headlines).toEqual(['World', 'Sport']);
    const keys = String(page.headers['surrogate-key']).split(' ');
    expect(keys).toEqual(expect.arrayContaining(['trending', `article:${world.id}`, `article:${sport.id}`]));
    expect(page.body).toContain('<script src="/assets/beacon.js" defer></script>');
    expect(page.body).toContain(`<noscript><img class="view-beacon" src="/beacon.gif?a=${asia.id}" alt="" width="1" height="1"></noscript>`);

    const home = await built.app.inject({ method: 'GET', url: '/' });
    const homeBlock = /<section id="home-trending"[^>]*>([\s\S]*?)<\/section>/.exec(home.body)?.[1] ?? '';
    expect([...homeBlock.matchAll(/<a[^>]*>\s*(Asia|World|Sport) story\s*<\/a>/g)].map((m) => m[1])).toEqual(['Sport', 'Asia', 'World']);
    expect(String(home.headers['surrogate-key']).split(' ')).toEqual(expect.arrayContaining(['trending', `article:${sport.id}`]));

    const script = await built.app.inject({ method: 'GET', url: '/assets/beacon.js' });
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain('navigator.sendBeacon');
  });

  it('drops a story from the ranking once it is unpublished', async () => {
    await built.services.articles.unpublish(world.id);
    nowMs += 61_000; // what a story id stands for is looked up again after a minute
    const body = (await api('')).json() as { trending: { article: { id: number } }[] };
    expect(body.trending.map((t) => t.article.id)).toEqual([sport.id, asia.id]);
    expect(await outcome(world.id, '192.0.2.77')).toBe('unknown-article');
  });

  it('throttles a flooding address while other readers still count', async () => {
    const flood: number[] = [];
    for (let i = 0; i < 130; i += 1) flood.push((await beacon(sport.id, '192.0.2.66')).statusCode);
    expect(flood.filter((s) => s === 204)).toHaveLength(120);
    const refused = await beacon(sport.id, '192.0.2.66');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toMatchObject({ code: 'BEACON_THROTTLED', status: 429 });
    expect(await outcome(asia.id, '192.0.2.67')).toBe('counted');
    nowMs += 2000; // the bucket refills at 2 beacons per second
    expect(await outcome(asia.id, '192.0.2.66')).toBe('counted');
  });

  it('answers beacons on a real server before Fastify, with the same rules', async () => {
    await built.app.listen({ host: '127.0.0.1', port: 0 });
    const address = built.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    const base = `http://127.0.0.1:${address.port}`;
    const send = (path: string, ip: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, { method: 'POST', ...init, headers: { 'user-agent': FIREFOX, 'x-forwarded-for': `${ip}, 10.0.0.1`, ...(init.headers as Record<string, string>) } });
    nowMs += 60 * MINUTE;
    const first = await send(`/beacon?a=${sport.id}`, '198.18.0.1', { body: 'ignored' });
    expect(first.status).toBe(204);
    expect(first.headers.get('x-beacon')).toBe('counted');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect((await send(`/beacon?a=${sport.id}`, '198.18.0.1')).headers.get('x-beacon')).toBe('repeat');
    expect((await send(`/beacon?a=${sport.id}`, '198.18.0.2', { headers: { 'user-agent': GOOGLEBOT } })).headers.get('x-beacon')).toBe('crawler');
    const pixel = await send(`/beacon.gif?a=${asia.id}`, '198.18.0.3', { method: 'GET' });
    expect(pixel.status).toBe(200);
    expect(pixel.headers.get('content-type')).toBe('image/gif');
    expect(pixel.headers.get('x-beacon')).toBe('counted');
    expect(Buffer.from(await pixel.arrayBuffer()).subarray(0, 6).toString()).toBe('GIF89a');
    // Malformed ids fall through to the Fastify route and its problem details.
    const bad = await send('/beacon?a=x', '198.18.0.1');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'INVALID_REQUEST' });
    // A flood from one forwarded address is refused there too; another address still counts.
    const statuses: number[] = [];
    for (let i = 0; i < 125; i += 1) statuses.push((await send(`/beacon?a=${sport.id}`, '198.18.0.9')).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const refused = await send(`/beacon?a=${sport.id}`, '198.18.0.9');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ code: 'BEACON_THROTTLED', status: 429, instance: '/beacon' });
    expect((await send(`/beacon?a=${asia.id}`, '198.18.0.10')).headers.get('x-beacon')).toBe('counted');
  });

  it('keeps /beacon out of the page namespace', async () => {
    expect((await built.app.inject({ method: 'GET', url: '/beacon' })).statusCode).toBe(404);
    await expect(built.services.pages.createPage({ slug: 'beacon', title: 'Beacon', bodyMarkdown: 'Hello.' })).rejects.toMatchObject({ fields: { slug: expect.stringContaining('used by the site') } });
    await expect(built.services.pages.createPage({ slug: 'beacons', title: 'Beacons', bodyMarkdown: 'Hello.' })).resolves.toMatchObject({ slug: 'beacons' });
  });
});
