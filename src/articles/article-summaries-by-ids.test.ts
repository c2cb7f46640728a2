import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import { availableDialects } from '../../test/support/test-databases.js';

const dialects = await availableDialects();

describe.each(dialects)('articles loaded by ids in one batch on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    built = await buildTestApp({ dialect });
  });
  afterAll(async () => built?.close());

  it('returns the public stories among the ids, in the order asked, with bylines and current text', async () => {
    const { services } = built;
    const sections = await makeSections(services, ['world']);
    const author = await services.authors.createAuthor({ slug: 'batch-writer', name: 'Batch Writer' });
    const a = await makeArticle(services, { primarySectionId: sections.world!, authorIds: [author.id] });
    const b = await makeArticle(services, { primarySectionId: sections.world! });
    const gone = await makeArticle(services, { primarySectionId: sections.world! });
    const draft = await makeArticle(services, { primarySectionId: sections.world!, status: 'draft', publishedAt: null });
    const future = await makeArticle(services, { primarySectionId: sections.world!, publishedAt: '2999-01-01T00:00:00.000Z' });
    await services.articles.unpublish(gone.id);

    const found = await services.articles.findPublishedSummariesByIds([b.id, gone.id, draft.id, 999_999, a.id, future.id]);
    expect(found.map((s) => s.id)).toEqual([b.id, a.id]);
    expect(found[1]!.authors.map((x) => x.name)).toEqual(['Batch Writer']);
    expect(found[0]).toMatchObject({ headline: b.headline, slug: b.slug, dek: b.dek });
    expect(found[0]).not.toHaveProperty('body');
    expect(await services.articles.findPublishedSummariesByIds([])).toEqual([]);
  });

  it('findPublishedByIds returns the same stories complete (body, tags), equal to one-by-one loads', async () => {
    const { services } = built;
    const sections = await makeSections(services, ['business']);
    const tag = await services.tags.ensureTag('Batch tag');
    const a = await makeArticle(services, { primarySectionId: sections.business!, tagIds: [tag.id] });
    const b = await makeArticle(services, { primarySectionId: sections.business! });
    const draft = await makeArticle(services, { primarySectionId: sections.business!, status: 'draft', publishedAt: null });
    const found = await services.articles.findPublishedByIds([b.id, draft.id, 999_999, a.id]);
    expect(found.map((x) => x.id)).toEqual([b.id, a.id]);
    expect(found).toEqual([await services.articles.findPublishedById(b.id), await services.articles.findPublishedById(a.id)]);
    expect(found[1]!.tags.map((t) => t.name)).toEqual(['Batch tag']);
    expect(await services.articles.findPublishedByIds([])).toEqual([]);
  });
});
