import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import type { SectionIds } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';
import { availableDialects } from '../../test/support/test-databases.js';

const dialects = await availableDialects();
const API = '/api/admin/v1';

/** The reader site's section navigation as [url, name] pairs, in order. */
function siteNav(html: string): [string, string][] {
  const nav = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  return [...nav.matchAll(/<a href="([^"]+)"[^>]*>([^<]*)<\/a>/g)].map((m) => [m[1]!, m[2]!]);
}

describe.each(dialects)('section admin routes on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let contributor: Record<string, string>;
  let editor: Record<string, string>;
  let ids: SectionIds;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
    built.app.inject({ method, url: `${API}${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    built = await buildTestApp({ dialect });
    contributor = (await signInAs(built, 'contributor')).headers;
    editor = (await signInAs(built, 'editor')).headers;
    ids = await makeSections(built.services, ['news', 'news/local', 'news/local/courts', 'sport', 'opinion']);
    await makeArticle(built.services, { slug: 'court-rules', primarySectionId: ids['news/local/courts']! });
  });
  afterAll(async () => built?.close());

  it('lists the tree with article counts to any staff member, and to no one else', async () => {
    const response = await call('GET', '/sections', contributor);
    expect(response.statusCode).toBe(200);
    const { sections } = response.json() as { sections: { slug: string; article_count: number; children: { slug: string; children: { path: string; article_count: number; url: string }[] }[] }[] };
    expect(sections.map((s) => s.slug)).toEqual(['news', 'sport', 'opinion']);
    expect(sections[0]?.children[0]?.children[0]).toMatchObject({ path: 'news/local/courts', article_count: 1, url: '/news/local/courts/' });
    const anonymous = await call('GET', '/sections', {});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'AUTH_REQUIRED' });
  });

  it('lets editors create a section and refuses contributors, missing CSRF and bad fields', async () => {
    const created = await call('POST', '/sections', editor, { parent_id: ids.news, slug: 'weather', name: 'Weather', description: 'Rain and shine.' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ section: { parent_id: ids.news, slug: 'weather', path: 'news/weather', depth: 1, url: '/news/weather/' } });
    expect((await call('POST', '/sections', contributor, { slug: 'x', name: 'X' })).json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await call('POST', '/sections', { cookie: editor.cookie! }, { slug: 'x', name: 'X' })).json()).toMatchObject({ code: 'CSRF_INVALID' });
    const bad = await call('POST', '/sections', editor, { slug: 'fine', name: '', colour: 'red' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ code: 'SECTION_INVALID', fields: { name: expect.any(String), colour: 'is not a known field' } });
    expect((await call('POST', '/sections', editor, { slug: 'Not A Slug', name: 'N' })).json()).toMatchObject({ code: 'SECTION_SLUG_INVALID', fields: { slug: expect.any(String) } });
    const taken = await call('POST', '/sections', editor, { slug: 'sport', name: 'Sport again' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'SECTION_PATH_TAKEN', fields: { slug: expect.any(String) } });
    expect((await call('PATCH', '/sections/abc', editor, { name: 'X' })).json()).toMatchObject({ code: 'SECTION_INVALID', fields: { id: expect.any(String) } });
    expect((await call('PATCH', '/sections/999999', editor, { name: 'X' })).statusCode).toBe(404);
  });

  it('renames a slug: the new URL serves the section and its subsections, the old one is gone, the nav shows the new name', async () => {
    const response = await call('PATCH', `/sections/${ids.news}`, editor, { slug: 'latest', name: 'Latest News' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ section: { slug: 'latest', name: 'Latest News', path: 'latest' } });
    const front = await built.app.inject({ method: 'GET', url: '/latest/' });
    expect(front.statusCode).toBe(200);
    expect(siteNav(front.body)).toContainEqual(['/latest/', 'Latest News']);
    expect((await built.app.inject({ method: 'GET', url: '/latest/local/courts/' })).statusCode).toBe(200);
    expect((await built.app.inject({ method: 'GET', url: '/news/' })).statusCode).toBe(404);
    const entries = await built.services.audit.list({ objectType: 'section', objectId: String(ids.news), limit: 1 });
    expect(entries[0]).toMatchObject({ action: 'section.update', details: { old_path: 'news', new_path: 'latest' } });
  });

  it('moves a section, refusing to put it under itself', async () => {
    const cycle = await call('POST', `/sections/${ids.news}/move`, editor, { parent_id: ids['news/local/courts'] });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json()).toMatchObject({ code: 'SECTION_CYCLE', fields: { parent_id: expect.any(String) } });
    const moved = await call('POST', `/sections/${ids['news/local/courts']}/move`, editor, { parent_id: ids.opinion });
    expect(moved.json()).toMatchObject({ section: { path: 'opinion/courts', parent_id: ids.opinion } });
    expect((await built.app.inject({ method: 'GET', url: '/opinion/courts/' })).statusCode).toBe(200);
    expect((await call('POST', `/sections/${ids.sport}/move`, editor, {})).json()).toMatchObject({ code: 'SECTION_INVALID', fields: { parent_id: expect.any(String) } });
  });

  it('reorders the top level and the reader nav follows', async () => {
    const order = [ids.opinion!, ids.sport!, ids.news!];
    const response = await call('PUT', '/sections/order', editor, { parent_id: null, ids: order });
    expect(response.statusCode).toBe(200);
    expect((response.json() as { sections: { id: number }[] }).sections.map((s) => s.id)).toEqual(order);
    const home = await built.app.inject({ method: 'GET', url: '/' });
    expect(siteNav(home.body).map(([url]) => url)).toEqual(['/opinion/', '/sport/', '/latest/']);
    expect((await call('PUT', '/sections/order', editor, { parent_id: null, ids: [ids.sport] })).json()).toMatchObject({ code: 'SECTION_ORDER_INVALID', fields: { ids: expect.any(String) } });
  });

  it('refuses to delete a section that holds articles or subsections, and deletes an empty one', async () => {
    const full = await call('DELETE', `/sections/${ids.opinion}`, editor);
    expect(full.statusCode).toBe(409);
    expect(full.json()).toMatchObject({ code: 'SECTION_NOT_EMPTY' });
    expect((full.json() as { detail: string }).detail).toContain('1 article');
    expect((await call('DELETE', `/sections/${ids.news}`, editor)).json()).toMatchObject({ code: 'SECTION_HAS_CHILDREN' });
    expect((await call('DELETE', `/sections/${ids.sport}`, contributor)).statusCode).toBe(403);
    const deleted = await call('DELETE', `/sections/${ids.sport}`, editor);
    expect(deleted.statusCode).toBe(204);
    expect((await built.app.inject({ method: 'GET', url: '/sport/' })).statusCode).toBe(404);
  });
});
