import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';
import { availableDialects } from '../../test/support/test-databases.js';

const dialects = await availableDialects();
const API = '/api/admin/v1';

describe.each(dialects)('tag admin routes on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let contributor: Record<string, string>;
  let editor: Record<string, string>;
  let sectionId: number;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
    built.app.inject({ method, url: `${API}${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const page = (url: string) => built.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    built = await buildTestApp({ dialect });
    contributor = (await signInAs(built, 'contributor')).headers;
    editor = (await signInAs(built, 'editor')).headers;
    sectionId = (await makeSections(built.services, ['news'])).news!;
  });
  afterAll(async () => built?.close());

  it('creates a tag with a slug from its name and lists tags with article counts', async () => {
    const created = await call('POST', '/tags', editor, { name: 'Climate Change' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ tag: { slug: 'climate-change', name: 'Climate Change', url: '/tags/climate-change' } });
    const { tag } = created.json() as { tag: { id: number } };
    await makeArticle(built.services, { primarySectionId: sectionId, tagIds: [tag.id] });
    expect((await call('GET', '/tags', contributor)).json()).toEqual({ tags: [{ id: tag.id, slug: 'climate-change', name: 'Climate Change', url: '/tags/climate-change', article_count: 1 }] });
    expect((await call('POST', '/tags', contributor, { name: 'X' })).statusCode).toBe(403);
    expect((await call('POST', '/tags', editor, { name: '' })).json()).toMatchObject({ code: 'TAG_NAME_INVALID', fields: { name: expect.any(String) } });
    expect((await call('POST', '/tags', editor, { name: 'climate change' })).json()).toMatchObject({ code: 'TAG_SLUG_TAKEN' });
  });

  it('renames a tag; its page shows the new name', async () => {
    const tag = await built.services.tags.ensureTag('Rates');
    await makeArticle(built.services, { primarySectionId: sectionId, tagIds: [tag.id] });
    const renamed = await call('PATCH', `/tags/${tag.id}`, editor, { name: 'Interest rates', slug: 'interest-rates' });
    expect(renamed.json()).toMatchObject({ tag: { name: 'Interest rates', slug: 'interest-rates' } });
    const response = await page('/tags/interest-rates');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Interest rates');
    expect((await page('/tags/rates')).statusCode).toBe(404);
    expect((await call('PATCH', `/tags/${tag.id}`, editor, { slug: 'Bad Slug' })).json()).toMatchObject({ code: 'TAG_SLUG_INVALID', fields: { slug: expect.any(String) } });
  });

  it('merges a tag into another: its stories move, its page goes', async () => {
    const from = await built.services.tags.ensureTag('Warming');
    const into = await built.services.tags.findTag('climate-change');
    const story = await makeArticle(built.services, { slug: 'hot-summer', primarySectionId: sectionId, tagIds: [from.id] });
    expect((await call('POST', `/tags/${from.id}/merge`, editor, { into_id: from.id })).json()).toMatchObject({ code: 'TAG_MERGE_SELF', fields: { into_id: expect.any(String) } });
    expect((await call('POST', `/tags/${from.id}/merge`, editor, {})).json()).toMatchObject({ code: 'TAG_INVALID', fields: { into_id: expect.any(String) } });
    const merged = await call('POST', `/tags/${from.id}/merge`, editor, { into_id: into!.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ tag: { id: into!.id, slug: 'climate-change' } });
    expect((await built.services.articles.getArticle(story.id))?.tags.map((t) => t.slug)).toEqual(['climate-change']);
    expect((await page('/tags/warming')).statusCode).toBe(404);
    expect((await page('/tags/climate-change')).body).toContain('/articles/hot-summer');
  });

  it('deletes a tag and removes it from its stories', async () => {
    const tag = await built.services.tags.ensureTag('Short lived');
    const story = await makeArticle(built.services, { primarySectionId: sectionId, tagIds: [tag.id] });
    expect((await call('DELETE', `/tags/${tag.id}`, contributor)).statusCode).toBe(403);
    expect((await call('DELETE', `/tags/${tag.id}`, editor)).statusCode).toBe(204);
    expect((await built.services.articles.getArticle(story.id))?.tags).toEqual([]);
    expect((await call('DELETE', `/tags/${tag.id}`, editor)).json()).toMatchObject({ code: 'TAG_NOT_FOUND' });
  });
});
