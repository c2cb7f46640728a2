import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../app-services.js';
import type { AppServices } from '../app-services.js';
import type { Clock } from '../platform/clock.js';
import { markdownToDocument } from '../rich-text/index.js';
import { availableDialects, createTestDatabase } from '../../test/support/test-databases.js';
import { makeSections } from '../../test/support/factories.js';

const dialects = await availableDialects();
const clock: Clock = { now: () => new Date('2026-06-01T12:00:00Z') };
const editor = { userId: 7, email: 'ed@paper.test', name: 'Ed Itor', role: 'editor' as const, authorId: null, isOwner: false, via: 'session' as const };

describe.each(dialects)('related stories on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let services: AppServices;
  let sections: Record<string, number>;
  const ids: Record<string, number> = {};
  const changed: number[][] = [];

  const story = async (key: string, section: string, headline: string, body: string, extra: { status?: 'published' | 'draft'; tags?: string[]; hoursAgo?: number } = {}) => {
    const tagIds = [];
    for (const tag of extra.tags ?? []) tagIds.push((await services.tags.ensureTag(tag)).id);
    const article = await services.articles.createArticle({
      headline,
      dek: '',
      body: markdownToDocument(body),
      status: extra.status ?? 'published',
      primarySectionId: sections[section]!,
      tagIds,
      publishedAt: (extra.status ?? 'published') === 'published' ? new Date(clock.now().getTime() - (extra.hoursAgo ?? 24) * 3_600_000).toISOString() : null,
    });
    ids[key] = article.id;
    return article.id;
  };
  const listOf = async (key: string) => (await services.related.listRelated(ids[key]!)).map((e) => e.id);
  const keysOf = (list: number[]) => list.map((id) => Object.keys(ids).find((k) => ids[k] === id));

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    services = createAppServices({ db: db.db, clock });
    services.related.onListsChanged((articleIds) => changed.push(articleIds));
    sections = await makeSections(services, ['world', 'world/asia', 'business', 'sport']);
    await story('summit', 'world/asia', 'Kyrgyzstan hosts CSTO summit in Bishkek', 'Leaders of the CSTO alliance met in Bishkek. Kyrgyzstan pressed for border talks with Tajikistan.', { tags: ['Kyrgyzstan'] });
    await story('troops', 'world/asia', 'CSTO troops leave Kyrgyzstan border', 'The CSTO alliance withdrew troops from the Kyrgyzstan and Tajikistan border after the Bishkek talks.', { tags: ['Kyrgyzstan'] });
    await story('map', 'world/asia', 'Tajikistan and Kyrgyzstan agree a border map', 'Negotiators from Tajikistan and Kyrgyzstan agreed a border map after years of clashes.');
    await story('rates', 'business', 'Central bank raises interest rates', 'The central bank raised interest rates to fight inflation as bond markets fell.');
    await story('inflation', 'business', 'Inflation slows as interest rates bite', 'Inflation eased as higher interest rates cooled borrowing and bond yields.');
    await story('final', 'sport', 'Cup final goes to penalties', 'The cup final ended level and went to penalties; the keeper saved two.');
    await story('draft', 'world/asia', 'Draft: CSTO Bishkek Kyrgyzstan border', 'CSTO Bishkek Kyrgyzstan Tajikistan border alliance troops.', { status: 'draft' });
  });
  afterAll(async () => db?.close());

  it('computes lists as stories are published, with reasons; drafts neither appear nor get a list', async () => {
    expect(keysOf(await listOf('summit')).slice(0, 2)).toEqual(['troops', 'map']);
    expect(await listOf('summit')).not.toContain(ids.draft);
    expect(await listOf('draft')).toEqual([]);
    expect(keysOf(await listOf('rates'))[0]).toBe('inflation');
    const [first] = await services.related.listRelated(ids.summit!);
    expect(first).toMatchObject({ position: 0, pinned: false, reason: { sharedTags: ['Kyrgyzstan'], sameSection: 'Asia', pinned: false } });
    expect(first!.reason.sharedTerms.length).toBeGreaterThan(0);
    expect(first!.reasonText).toContain('Same section: Asia');
    expect(first!.score).toBeGreaterThan(0);
  });

  it('refreshes the lists of neighbours when a related story is published, and says which lists changed', async () => {
    changed.length = 0;
    const id = await story('ceasefire', 'world/asia', 'Bishkek ceasefire holds on Tajikistan border', 'The CSTO-backed ceasefire on the Kyrgyzstan Tajikistan border held overnight in Bishkek.', { hoursAgo: 1 });
    expect(await listOf('map')).toContain(id);
    expect(changed.flat()).toEqual(expect.arrayContaining([id, ids.map]));
    expect(changed.flat()).not.toContain(ids.final);
  });

  it('drops an unpublished story from every list and removes its own list', async () => {
    await services.articles.unpublish(ids.ceasefire!);
    await services.articleChanges.emit({ articleId: ids.ceasefire!, kind: 'updated' });
    for (const key of ['summit', 'troops', 'map']) expect(await listOf(key), key).not.toContain(ids.ceasefire);
    expect(await listOf('ceasefire')).toEqual([]);
  });

  it('puts pins first in their order, never shows excludes, and audit-logs both', async () => {
    await services.related.setCuration(ids.summit!, 'pin', [ids.final!, ids.map!], editor);
    expect((await listOf('summit')).slice(0, 2)).toEqual([ids.final, ids.map]);
    const entries = await services.related.listRelated(ids.summit!);
    expect(entries[0]).toMatchObject({ pinned: true, reasonText: 'Chosen by the editors' });
    expect(entries[1]!.reasonText).toMatch(/^Chosen by the editors · Shares: /);
    await services.related.setCuration(ids.summit!, 'exclude', [ids.troops!], editor);
    expect(await listOf('summit')).not.toContain(ids.troops);
    expect(await services.related.getCuration(ids.summit!)).toEqual({ pins: [ids.final, ids.map], excludes: [ids.troops] });
    // Excluding a pinned story: the latest word wins.
    await services.related.setCuration(ids.summit!, 'exclude', [ids.troops!, ids.final!], editor);
    expect(await services.related.getCuration(ids.summit!)).toEqual({ pins: [ids.map], excludes: [ids.troops, ids.final] });
    expect(await listOf('summit')).not.toContain(ids.final);
    const log = await services.audit.list({ objectType: 'article', objectId: String(ids.summit), limit: 10 });
    expect(log.map((e) => e.action)).toEqual(['related.excludes', 'related.excludes', 'related.pins']);
    expect(log[2]!.details).toEqual({ before: [], after: [ids.final, ids.map] });
  });

  it('refuses bad pins and excludes with clear errors and changes nothing', async () => {
    const before = await services.related.getCuration(ids.summit!);
    const attempt = (kind: 'pin' | 'exclude', list: number[], article = ids.summit!) => services.related.setCuration(article, kind, list, editor).then(() => 'ok', (e: { code: string; status: number }) => `${e.status} ${e.code}`);
    expect(await attempt('pin', [ids.summit!])).toBe('400 RELATED_SELF');
    expect(await attempt('exclude', [ids.summit!])).toBe('400 RELATED_SELF');
    expect(await attempt('pin', [999_999])).toBe('400 RELATED_STORY_NOT_FOUND');
    expect(await attempt('pin', [ids.draft!])).toBe('422 RELATED_PIN_NOT_PUBLISHED');
    expect(await attempt('pin', [ids.ceasefire!])).toBe('422 RELATED_PIN_NOT_PUBLISHED');
    expect(await attempt('pin', [ids.map!, ids.map!])).toBe('400 RELATED_INVALID');
    expect(await attempt('pin', [], 999_999)).toBe('404 RELATED_ARTICLE_NOT_FOUND');
    // Excluding a draft is allowed (it may be published later).
    expect(await attempt('exclude', [ids.troops!, ids.final!, ids.draft!])).toBe('ok');
    expect(await services.related.getCuration(ids.summit!)).toEqual({ ...before, excludes: [ids.troops, ids.final, ids.draft] });
  });

  it('reindexes every story with progress, keeping pins and removing lists of stories no longer public', async () => {
    const progress: string[] = [];
    const result = await services.related.reindexAll(({ done, total }) => progress.push(`${done}/${total}`));
    expect(result).toMatchObject({ articles: 6 });
    expect(progress[0]).toBe('0/6');
    expect(progress.at(-1)).toBe('6/6');
    expect((await listOf('summit'))[0]).toBe(ids.map);
    expect(await listOf('ceasefire')).toEqual([]);
    for (const key of ['summit', 'troops', 'map', 'rates', 'inflation', 'final']) {
      const list = await listOf(key);
      expect(list, key).not.toContain(ids[key]);
      expect(list, key).not.toContain(ids.draft);
      expect(new Set(list).size, key).toBe(list.length);
    }
  });
});
