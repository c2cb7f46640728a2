import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { signInAs } from '../../test/support/staff.js';
import { availableDialects } from '../../test/support/test-databases.js';

const dialects = await availableDialects();
const API = '/api/admin/v1';

describe.each(dialects)('page admin routes on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let contributor: Record<string, string>;
  let editor: Record<string, string>;
  let pageId: number;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
    built.app.inject({ method, url: `${API}${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const site = (url: string) => built.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    built = await buildTestApp({ dialect });
    contributor = (await signInAs(built, 'contributor')).headers;
    editor = (await signInAs(built, 'editor')).headers;
  });
  afterAll(async () => built?.close());

  it('creates a draft from Markdown that readers cannot see yet', async () => {
    const created = await call('POST', '/pages', editor, { slug: 'corrections-policy', title: 'Corrections policy', body_markdown: 'We fix **errors** fast.', status: 'draft' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ page: { slug: 'corrections-policy', status: 'draft', published_at: null, url: '/corrections-policy', body: { type: 'doc' } } });
    expect((created.json() as { page: { body_html: string } }).page.body_html).toContain('<strong>errors</strong>');
    pageId = (created.json() as { page: { id: number } }).page.id;
    expect((await site('/corrections-policy')).statusCode).toBe(404);
    expect((await call('GET', '/pages', contributor)).json()).toMatchObject({ pages: [{ id: pageId, status: 'draft' }] });
    expect((await call('GET', `/pages/${pageId}`, contributor)).json()).toMatchObject({ page: { id: pageId, title: 'Corrections policy' } });
    expect((await call('POST', '/pages', contributor, { slug: 'x', title: 'X', body_markdown: 'x' })).statusCode).toBe(403);
  });

  it('names the bad field: unsafe body, reserved slug, both bodies, no body', async () => {
    const evil = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] };
    const unsafe = await call('POST', '/pages', editor, { slug: 'evil', title: 'Evil', body: evil });
    expect(unsafe.statusCode).toBe(400);
    expect(Object.keys((unsafe.json() as { fields: Record<string, string> }).fields)[0]).toMatch(/^body\./);
    expect((await call('POST', '/pages', editor, { slug: 'search', title: 'S', body_markdown: 'x' })).json()).toMatchObject({ code: 'PAGE_SLUG_INVALID', fields: { slug: expect.any(String) } });
    expect((await call('POST', '/pages', editor, { slug: 'two', title: 'T', body_markdown: 'x', body: { type: 'doc', content: [] } })).json()).toMatchObject({ code: 'PAGE_INVALID', fields: { body: expect.any(String) } });
    expect((await call('POST', '/pages', editor, { slug: 'none', title: 'N' })).json()).toMatchObject({ code: 'PAGE_INVALID', fields: { body: expect.any(String) } });
    expect((await call('POST', '/pages', editor, { slug: 'corrections-policy', title: 'Again', body_markdown: 'x' })).json()).toMatchObject({ code: 'PAGE_SLUG_TAKEN' });
  });

  it('publishes, renames and unpublishes; the reader site follows each step', async () => {
    const published = await call('PATCH', `/pages/${pageId}`, editor, { status: 'published' });
    expect(published.json()).toMatchObject({ page: { status: 'published', published_at: expect.any(String) } });
    const live = await site('/corrections-policy');
    expect(live.statusCode).toBe(200);
    expect(live.body).toContain('Corrections policy');
    await call('PATCH', `/pages/${pageId}`, editor, { slug: 'corrections', title: 'Corrections', body_markdown: 'Updated text.' });
    expect((await site('/corrections')).body).toContain('Updated text.');
    expect((await site('/corrections-policy')).statusCode).toBe(404);
    await call('PATCH', `/pages/${pageId}`, editor, { status: 'draft' });
    expect((await site('/corrections')).statusCode).toBe(404);
    const actions = (await built.services.audit.list({ objectType: 'page', objectId: String(pageId), limit: 10 })).map((e) => e.action);
    expect(actions).toEqual(['page.unpublish', 'page.update', 'page.publish', 'page.create']);
  });

  it('deletes a page', async () => {
    expect((await call('DELETE', `/pages/${pageId}`, contributor)).statusCode).toBe(403);
    expect((await call('DELETE', `/pages/${pageId}`, editor)).statusCode).toBe(204);
    expect((await call('GET', `/pages/${pageId}`, contributor)).json()).toMatchObject({ code: 'PAGE_NOT_FOUND' });
  });
});
