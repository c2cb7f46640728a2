import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeArticle, makeSections } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';
import { availableDialects } from '../../test/support/test-databases.js';
import { markdownToDocument } from '../rich-text/index.js';

const dialects = await availableDialects();
const API = '/api/admin/v1';
const corpus = new Map(
  readFileSync('../shared/corpus/news/bbc-fulltext.jsonl', 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; title: string; body: string })
    .map((s) => [s.id, s] as const),
);
const bbc = (id: string) => corpus.get(id)!;

/** The "In this story" block of an article page: group label → link texts. */
function inThisStory(html: string): Record<string, string[]> {
  const start = html.indexOf('data-block="in-this-story"');
  if (start === -1) return {};
  const block = html.slice(start, html.indexOf('</section>', start));
  const groups: Record<string, string[]> = {};
  for (const group of block.split('<div class="in-this-story-group">').slice(1)) {
    const label = /<h3[^>]*>([^<]+)<\/h3>/.exec(group)![1]!;
    groups[label] = [...group.matchAll(/<a href="\/topics\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);
  }
  return groups;
}

describe.each(dialects)('detected topics on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let editor: Record<string, string>;
  let contributor: Record<string, string>;
  let sectionId: number;
  // Detection runs in the background after a story change; each check first waits for it.
  const settled = () => built.services.topics.whenIdle();
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) => {
    await settled();
    return built.app.inject({ method, url: `${API}${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  };
  const page = async (url: string) => {
    await settled();
    return built.app.inject({ method: 'GET', url });
  };
  const topicsOf = async (id: number) => {
    await settled();
    return (await built.services.topics.topicsOfArticle(id)).map((t) => `${t.kind}:${t.name}`);
  };

  beforeAll(async () => {
    built = await buildTestApp({ dialect });
    editor = (await signInAs(built, 'editor')).headers;
    contributor = (await signInAs(built, 'contributor')).headers;
    sectionId = (await makeSections(built.services, ['politics'])).politics!;
  });
  afterAll(async () => built?.close());

  it('detects and stores the topics of a new story, shows them on its page and lists it on each topic page', async () => {
    const story = bbc('politics/001');
    const article = await makeArticle(built.services, { slug: 'maternity-pay', headline: story.title, body: markdownToDocument(story.body), primarySectionId: sectionId });
    // Not on the write path: detection waits for the story to settle (autosaves coalesce).
    expect(await built.services.topics.topicsOfArticle(article.id)).toEqual([]);
    expect(await topicsOf(article.id)).toEqual(expect.arrayContaining(['person:Patricia Hewitt', 'person:Tony Blair', 'person:Gordon Brown']));
    expect((await topicsOf(article.id))[0]).toBe('person:Patricia Hewitt');

    const articlePage = await page('/articles/maternity-pay');
    expect(inThisStory(articlePage.body).People).toEqual(expect.arrayContaining(['Patricia Hewitt', 'Tony Blair']));
    const hewitt = await built.services.topics.findTopic('patricia-hewitt');
    expect(String(articlePage.headers['surrogate-key']).split(' ')).toContain(`topic:${hewitt!.id}`);

    const topicPage = await page('/topics/patricia-hewitt');
    expect(topicPage.statusCode).toBe(200);
    expect(topicPage.body).toContain('<h1 class="page-title">Patricia Hewitt</h1>');
    expect(topicPage.body).toContain('href="/articles/maternity-pay"');
    expect(String(topicPage.headers['surrogate-key']).split(' ')).toEqual(expect.arrayContaining([`topic:${hewitt!.id}`, `article:${article.id}`]));
    expect((await page('/topics/no-such-topic')).statusCode).toBe(404);
    expect((await page('/topics/Bad_Slug')).statusCode).toBe(404);
  });

  it('lists only published stories on a topic page, a page at a time', async () => {
    const system = { actor: { system: 'cli' as const }, audit: built.services.audit };
    const story = (n: number, status: 'published' | 'draft' = 'published') =>
      makeArticle(built.services, { slug: `quiet-${status}-${n}`, headline: `Quiet item ${n}`, body: markdownToDocument('Nothing named here at all.'), primarySectionId: sectionId, status, ...(status === 'draft' ? { publishedAt: null } : {}) });
    const first = await story(0);
    const topic = (await built.services.topics.addTopicToArticle(first.id, { name: 'Quietville', kind: 'place' }, system)).result;
    for (let n = 1; n <= 21; n++) await built.services.topics.addTopicToArticle((await story(n)).id, { name: 'Quietville', kind: 'place' }, system);
    await built.services.topics.addTopicToArticle((await story(99, 'draft')).id, { name: 'quietville', kind: 'place' }, system);
    const one = await page(`/topics/${topic.slug}`);
    expect([...one.body.matchAll(/href="\/articles\/quiet-published-\d+"/g)].length).toBeGreaterThanOrEqual(20);
    expect(one.body).not.toContain('quiet-draft-99');
    expect(one.body).toContain(`/topics/${topic.slug}?page=2`);
    const two = await page(`/topics/${topic.slug}?page=2`);
    expect(two.statusCode).toBe(200);
    expect(two.body).toContain('href="/articles/quiet-published-0"');
    expect((await page(`/topics/${topic.slug}?page=3`)).statusCode).toBe(404);
  });

  it('lets editors add, remove and rename topics; a removed topic stays removed when the story is detected again', async () => {
    const story = bbc('tech/001');
    const article = await makeArticle(built.services, { slug: 'ink-democracy', headline: story.title, body: markdownToDocument(story.body), primarySectionId: sectionId });
    const listed = await call('GET', `/articles/${article.id}/topics`, contributor);
    expect(listed.statusCode).toBe(200);
    const topics = (listed.json() as { topics: { id: number; name: string; kind: string; source: string; removed: boolean }[] }).topics;
    const serbia = topics.find((t) => t.name === 'Serbia')!;
    expect(serbia).toMatchObject({ kind: 'place', source: 'auto', removed: false });

    expect((await call('DELETE', `/articles/${article.id}/topics/${serbia.id}`, contributor)).statusCode).toBe(403);
    expect((await call('DELETE', `/articles/${article.id}/topics/${serbia.id}`, editor)).statusCode).toBe(204);
    expect((await call('DELETE', `/articles/${article.id}/topics/${serbia.id}`, editor)).json()).toMatchObject({ code: 'TOPIC_NOT_ON_ARTICLE' });
    const added = await call('POST', `/articles/${article.id}/topics`, editor, { name: 'International Foundation for Electoral Systems', kind: 'organization' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ topic: { name: 'International Foundation for Electoral Systems', kind: 'organization', source: 'editor', url: '/topics/international-foundation-for-electoral-systems' } });

    // An edit through the newsroom API re-detects: Serbia is still in the text but stays removed; the editor's topic stays.
    const edited = await call('PATCH', `/articles/${article.id}`, editor, { version: 1, dek: 'Indelible ink in Serbia and Ukraine.' });
    expect(edited.statusCode).toBe(200);
    expect(await topicsOf(article.id)).not.toContain('place:Serbia');
    expect(await topicsOf(article.id)).toEqual(expect.arrayContaining(['organization:International Foundation for Electoral Systems', 'place:Ukraine']));
    expect(inThisStory((await page('/articles/ink-democracy')).body)).toMatchObject({ Organisations: expect.arrayContaining(['International Foundation for Electoral Systems']) });
    expect(inThisStory((await page('/articles/ink-democracy')).body).Places).not.toContain('Serbia');
    // Adding it back by hand is allowed.
    expect((await call('POST', `/articles/${article.id}/topics`, editor, { name: 'serbia', kind: 'place' })).json()).toMatchObject({ topic: { id: serbia.id, source: 'editor', removed: false } });

    const renamed = await call('PATCH', `/topics/${serbia.id}`, editor, { name: 'Republic of Serbia', slug: 'republic-of-serbia' });
    expect(renamed.json()).toMatchObject({ topic: { name: 'Republic of Serbia', slug: 'republic-of-serbia', url: '/topics/republic-of-serbia' } });
    expect((await page('/topics/republic-of-serbia')).body).toContain('Republic of Serbia');
    expect((await page('/topics/serbia')).statusCode).toBe(404);

    const audit = await built.services.audit.list({ objectType: 'topic', limit: 20 });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['topic.remove_from_article', 'topic.add_to_article', 'topic.rename']));
  });

  it('refuses bad input with clear errors', async () => {
    const article = await makeArticle(built.services, { primarySectionId: sectionId });
    const expectError = async (method: 'POST' | 'PATCH' | 'DELETE' | 'GET', url: string, body: unknown, status: number, code: string, fields?: Record<string, unknown>) => {
      const response = await call(method, url, editor, body);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json()).toMatchObject({ code, ...(fields ? { fields } : {}) });
    };
    await expectError('POST', `/articles/${article.id}/topics`, { name: 'Somebody', kind: 'animal' }, 400, 'TOPIC_INVALID', { kind: expect.stringContaining('person') });
    await expectError('POST', `/articles/${article.id}/topics`, { name: ' ', kind: 'person' }, 400, 'TOPIC_INVALID', { name: expect.any(String) });
    await expectError('POST', `/articles/${article.id}/topics`, { kind: 'person' }, 400, 'TOPIC_INVALID', { name: expect.any(String) });
    await expectError('POST', '/articles/999999/topics', { name: 'Somebody', kind: 'person' }, 404, 'ARTICLE_NOT_FOUND');
    await expectError('GET', '/articles/999999/topics', undefined, 404, 'ARTICLE_NOT_FOUND');
    await expectError('PATCH', '/topics/999999', { name: 'Nobody' }, 404, 'TOPIC_NOT_FOUND');
    const mine = (await call('POST', `/articles/${article.id}/topics`, editor, { name: 'Alpha Person', kind: 'person' })).json() as { topic: { id: number } };
    await expectError('POST', `/articles/${article.id}/topics`, { name: 'ALPHA PERSON', kind: 'person' }, 409, 'TOPIC_ALREADY_ON_ARTICLE');
    await expectError('PATCH', `/topics/${mine.topic.id}`, {}, 400, 'TOPIC_INVALID');
    await expectError('PATCH', `/topics/${mine.topic.id}`, { slug: 'Not A Slug' }, 400, 'TOPIC_INVALID', { slug: expect.any(String) });
    await expectError('PATCH', `/topics/${mine.topic.id}`, { slug: 'patricia-hewitt' }, 409, 'TOPIC_SLUG_TAKEN');
    await expectError('DELETE', `/articles/${article.id}/topics/abc`, undefined, 400, 'TOPIC_INVALID', { topic_id: expect.any(String) });
  });

  it('re-detects every story with reindexAllTopics, e.g. after a bulk import without the change feed', async () => {
    const story = bbc('business/001');
    const imported = await built.services.articles.createArticle(
      { slug: 'time-warner', headline: story.title, dek: '', body: markdownToDocument(story.body), primarySectionId: sectionId, status: 'published', publishedAt: '2026-01-02T00:00:00Z' },
      { notify: false },
    );
    expect(await topicsOf(imported.id)).toEqual([]);
    const processed = await built.services.topics.reindexAllTopics();
    expect(processed).toBeGreaterThanOrEqual(1);
    expect(await topicsOf(imported.id)).toEqual(expect.arrayContaining(['organization:AOL', 'organization:Google']));
    // Running it again changes nothing for stories already detected.
    const before = await topicsOf(imported.id);
    await built.services.topics.reindexAllTopics();
    expect(await topicsOf(imported.id)).toEqual(before);
  });
});
