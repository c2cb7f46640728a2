import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';
import { availableDialects } from '../../test/support/test-databases.js';

const dialects = await availableDialects();
const API = '/api/admin/v1';

describe.each(dialects)('author admin routes on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let contributor: Record<string, string>;
  let editor: Record<string, string>;
  let writerId: number;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
    built.app.inject({ method, url: `${API}${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    built = await buildTestApp({ dialect });
    contributor = (await signInAs(built, 'contributor')).headers;
    editor = (await signInAs(built, 'editor')).headers;
    const sections = await makeSections(built.services, ['news']);
    const writer = await built.services.authors.createAuthor({ slug: 'wren-writer', name: 'Wren Writer' });
    writerId = writer.id;
    await makeArticle(built.services, { primarySectionId: sections.news!, authorIds: [writer.id] });
  });
  afterAll(async () => built?.close());

  it('lists authors with their byline counts to any staff member', async () => {
    const response = await call('GET', '/authors', contributor);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ authors: [{ id: writerId, slug: 'wren-writer', name: 'Wren Writer', bio: '', photo_url: null, url: '/authors/wren-writer', article_count: 1 }] });
    expect((await call('GET', '/authors', {})).statusCode).toBe(401);
  });

  it('lets editors create an author, naming each bad field', async () => {
    const created = await call('POST', '/authors', editor, { slug: 'pat-pen', name: 'Pat Pen', bio: 'Courts.', photo_url: 'https://images.example/pat.jpg' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ author: { slug: 'pat-pen', photo_url: 'https://images.example/pat.jpg', url: '/authors/pat-pen' } });
    expect((await call('POST', '/authors', contributor, { slug: 'x', name: 'X' })).statusCode).toBe(403);
    const bad = await call('POST', '/authors', editor, { slug: 'ok', name: 'Ok', photo_url: 'javascript:alert(1)' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'AUTHOR_INVALID', fields: { photo_url: expect.any(String) } });
    expect((await call('POST', '/authors', editor, { slug: 'pat-pen', name: 'Twin' })).json()).toMatchObject({ code: 'AUTHOR_SLUG_TAKEN', fields: { slug: expect.any(String) } });
    expect((await call('POST', '/authors', editor, { slug: '-bad', name: 'B' })).json()).toMatchObject({ code: 'AUTHOR_SLUG_INVALID' });
  });

  it('updates an author; the reader page moves to the new slug', async () => {
    const response = await call('PATCH', `/authors/${writerId}`, editor, { slug: 'wren-w', name: 'Wren W.', bio: 'Local news.' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ author: { slug: 'wren-w', name: 'Wren W.', bio: 'Local news.' } });
    const page = await built.app.inject({ method: 'GET', url: '/authors/wren-w' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Wren W.');
    expect((await built.app.inject({ method: 'GET', url: '/authors/wren-writer' })).statusCode).toBe(404);
    expect((await call('PATCH', `/authors/${writerId}`, editor, {})).json()).toMatchObject({ code: 'AUTHOR_INVALID' });
    expect((await call('PATCH', '/authors/999999', editor, { name: 'N' })).json()).toMatchObject({ code: 'AUTHOR_NOT_FOUND' });
  });

  it('refuses to delete an author with bylines and deletes one without', async () => {
    const busy = await call('DELETE', `/authors/${writerId}`, editor);
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ code: 'AUTHOR_HAS_ARTICLES' });
    const spare = await built.services.authors.createAuthor({ slug: 'spare-hand', name: 'Spare Hand' });
    expect((await call('DELETE', `/authors/${spare.id}`, editor)).statusCode).toBe(204);
    expect((await call('DELETE', `/authors/${spare.id}`, editor)).statusCode).toBe(404);
    const [entry] = await built.services.audit.list({ objectType: 'author', objectId: String(spare.id), limit: 1 });
    expect(entry?.action).toBe('author.delete');
  });
});
