import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_TOPICS_PER_ARTICLE, cleanName, detectTopics, topicKey } from './topic-detection.js';

/** Real BBC news stories (see ../shared/corpus/SOURCES.md). */
const corpus = new Map(
  readFileSync('../shared/corpus/news/bbc-fulltext.jsonl', 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { id: string; title: string; body: string })
    .map((story) => [story.id, story] as const),
);
const story = (id: string) => {
  const found = corpus.get(id);
  if (!found) throw new Error(`corpus story ${id} missing`);
  return { title: found.title, text: found.body };
};
const named = (topics: Awaited<ReturnType<typeof detectTopics>>) => topics.map((t) => `${t.kind}:${t.name}`);

describe('topic detection on real news text', () => {
  it('finds the politicians of a politics story and merges "Ms Hewitt" into Patricia Hewitt, most mentioned first', async () => {
    const topics = await detectTopics(story('politics/001'));
    expect(topics[0]).toMatchObject({ kind: 'person', name: 'Patricia Hewitt' });
    expect(topics[0]!.mentions).toBeGreaterThanOrEqual(3);
    expect(named(topics)).toEqual(expect.arrayContaining(['person:Tony Blair', 'person:Gordon Brown']));
    // Titles and surname-only mentions never become topics of their own.
    expect(named(topics).filter((n) => /Hewitt/.test(n))).toEqual(['person:Patricia Hewitt']);
  });

  it('finds the companies and places of a business story, with possessives trimmed and case variants merged', async () => {
    const topics = await detectTopics(story('business/001'));
    expect(topics[0]).toMatchObject({ kind: 'organization', name: 'AOL' });
    expect(named(topics)).toEqual(expect.arrayContaining(['organization:Google', 'place:US']));
    expect(topics.every((t) => !/['’]s$|[,.]$/.test(t.name))).toBe(true);
    expect(new Set(topics.map((t) => t.key)).size).toBe(topics.length);
  });

  it('splits lists of places and keeps at most eight topics', async () => {
    const topics = await detectTopics(story('tech/001'));
    expect(topics.length).toBeLessThanOrEqual(MAX_TOPICS_PER_ARTICLE);
    expect(named(topics)).toEqual(expect.arrayContaining(['place:Serbia', 'place:Ukraine', 'place:Asia', 'person:David Mikosz']));
    expect(topics.find((t) => t.name === 'Serbia')!.mentions).toBe(2);
  });

  it('counts a surname-only mention for the full name even when it was taken for a place', async () => {
    const topics = await detectTopics(story('entertainment/001'));
    const wentworth = topics.filter((t) => t.name.includes('Wentworth'));
    expect(wentworth).toEqual([expect.objectContaining({ kind: 'person', name: 'Richard Wentworth', mentions: 3 })]);
    expect(named(topics)).toEqual(expect.arrayContaining(['person:Tracey Emin', 'place:London']));
  });

  it('finds nothing in text without names', async () => {
    expect(await detectTopics({ title: 'a quiet day', text: 'nothing much happened here today, and it rained.' })).toEqual([]);
    expect(await detectTopics({ text: '' })).toEqual([]);
  });
});

describe('name cleaning', () => {
  it('drops titles, possessives, punctuation, stop words and one-letter names', async () => {
    expect(cleanName('Ms Hewitt', 'person')).toBe('Hewitt');
    expect(cleanName("AOL's", 'organization')).toBe('AOL');
    expect(cleanName('Google,', 'organization')).toBe('Google');
    expect(cleanName('The company', 'organization')).toBeUndefined();
    expect(cleanName('director general', 'person')).toBeUndefined();
    expect(cleanName('X', 'person')).toBeUndefined();
    expect(cleanName('US', 'place')).toBe('US');
    expect(cleanName('us', 'place')).toBeUndefined();
  });

  it('gives case and accent variants one key', async () => {
    expect(topicKey('São Paulo')).toBe(topicKey('SAO PAULO'));
    expect(topicKey("O'Neill")).toBe('oneill');
  });
});
