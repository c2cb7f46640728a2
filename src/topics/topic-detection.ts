import type compromise from 'compromise';
import type { TopicKind } from './topic.js';

type Nlp = typeof compromise;
let nlpModule: Promise<Nlp> | undefined;

/**
 * compromise and its lexicon take ~43 MB of resident memory, so they load on the first
 * detection (a publish or an edit), not in every process that only serves readers.
 */
function loadNlp(): Promise<Nlp> {
  nlpModule ??= import('compromise').then((m) => m.default);
  return nlpModule;
}

/** Most topics kept per article. */
export const MAX_TOPICS_PER_ARTICLE = 8;

/** One person, place or organisation found in a text, most salient first. */
export interface DetectedTopic {
  kind: TopicKind;
  /** Display name: the most frequent spelling. */
  name: string;
  /** What detection matches on: lowercased, accent-free, possessive-free. */
  key: string;
  /** Mentions (a surname-only mention counts for the full name). */
  mentions: number;
}

// Titles dropped from the front of names ("Ms Hewitt" → "Hewitt", "Prime Minister Tony Blair" → "Tony Blair").
const TITLES = new Set(
  'mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend president vice prime minister secretary chancellor mayor senator governor judge justice general colonel captain chief executive chairman chairwoman chair director coach manager minister king queen prince princess pope saint st'.split(' '),
);
// Words that are never a topic on their own.
const STOP = new Set(
  'the a an this that these those it its he she they we you i his her their our my me him them us who what which when where why how there here today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december company government firm group country city state party team club council ministry department'.split(' '),
);

/** Lowercased, accents stripped, punctuation folded: the key case and spelling variants share. */
export function topicKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Cleans one raw match into a display name, or undefined when it is not a usable name. */
export function cleanName(raw: string, kind: TopicKind): string | undefined {
  let words = raw
    .replace(/[’']s\b/g, '')
    .replace(/[’']$/g, '')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.]+$/gu, '')
    .replace(/\.$/, '')
    .split(/\s+/)
    .filter(Boolean);
  // "US" is a place; "us" is a pronoun: all-caps words are never stop words.
  const isStop = (w: string) => w !== w.toUpperCase() && STOP.has(w.toLowerCase());
  while (words.length > 0 && isStop(words[0]!)) words = words.slice(1);
  if (kind === 'person') while (words.length > 1 && TITLES.has(words[0]!.toLowerCase().replace(/\.$/, ''))) words = words.slice(1);
  if (words.length === 0 || words.length > 6) return undefined;
  // Names are capitalised (or all caps, or start with a digit: "3M"); "director general" is not one.
  if (!words.every((w) => /^[\p{Lu}\p{N}]/u.test(w) || /^(of|and|for|the|de|la|le|von|van|der|du|di|da|del|al|bin|el|&)$/.test(w))) return undefined;
  if (!/^[\p{Lu}\p{N}]/u.test(words[0]!)) return undefined;
  const name = words.join(' ');
  const key = topicKey(name);
  if (key.replace(/ /g, '').length < 2 || /^\d+$/.test(key.replace(/ /g, '')) || isStop(name) || TITLES.has(key)) return undefined;
  return name;
}

interface Tally {
  kinds: Map<TopicKind, number>;
  spellings: Map<string, number>;
  mentions: number;
  first: number;
  inTitle: boolean;
}

/**
 * Finds people, places and organisations in a story with `compromise`, merges case and
 * spelling variants and surname-only mentions of a person, and keeps the `max` most salient:
 * most mentions first (a mention in the headline counts double), then earliest.
 */
export async function detectTopics(input: { title?: string; text: string }, max = MAX_TOPICS_PER_ARTICLE): Promise<DetectedTopic[]> {
  const nlp = await loadNlp();
  const tallies = new Map<string, Tally>();
  let order = 0;
  const scan = (text: string, inTitle: boolean) => {
    if (!text.trim()) return;
    const doc = nlp(text);
    const found: [TopicKind, string[]][] = [
      ['person', doc.people().out('array') as string[]],
      ['place', doc.places().out('array') as string[]],
      ['organization', doc.organizations().out('array') as string[]],
    ];
    for (const [kind, matches] of found) {
      for (const match of matches) {
        // A match may be a list: "Serbia, South Africa and Indonesia".
        for (const part of match.split(/[,;]|\s+and\s+(?=[\p{Lu}])/u)) {
          const name = cleanName(part, kind);
          if (!name) continue;
          const key = topicKey(name);
          const tally = tallies.get(key) ?? { kinds: new Map(), spellings: new Map(), mentions: 0, first: order, inTitle: false };
          tally.kinds.set(kind, (tally.kinds.get(kind) ?? 0) + 1);
          tally.spellings.set(name, (tally.spellings.get(name) ?? 0) + 1);
          tally.mentions += 1;
          tally.inTitle ||= inTitle;
          tallies.set(key, tally);
          order += 1;
        }
      }
    }
  };
  if (input.title) scan(input.title, true);
  scan(input.text, false);

  // "Hewitt" after "Patricia Hewitt": one person (even when the lone surname was taken for a place).
  const people = [...tallies.entries()].filter(([key, t]) => key.includes(' ') && topKind(t) === 'person');
  for (const [key, tally] of [...tallies.entries()]) {
    if (key.includes(' ')) continue;
    const full = people.filter(([other]) => other.split(' ').at(-1) === key);
    if (full.length !== 1) continue;
    const [, into] = full[0]!;
    into.mentions += tally.mentions;
    into.first = Math.min(into.first, tally.first);
    into.inTitle ||= tally.inTitle;
    tallies.delete(key);
  }

  return [...tallies.entries()]
    .map(([key, t]) => ({ key, kind: topKind(t), name: topSpelling(t), mentions: t.mentions, score: t.mentions + (t.inTitle ? 1 : 0), first: t.first }))
    .sort((a, b) => b.score - a.score || a.first - b.first)
    .slice(0, max)
    .map(({ key, kind, name, mentions }) => ({ key, kind, name, mentions }));
}

function topKind(tally: Tally): TopicKind {
  return [...tally.kinds.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

/** The most used spelling; on a tie the one with more capitals ("AOL" over "Aol"). */
function topSpelling(tally: Tally): string {
  const capitals = (s: string) => (s.match(/\p{Lu}/gu) ?? []).length;
  return [...tally.spellings.entries()].sort((a, b) => b[1] - a[1] || capitals(b[0]) - capitals(a[0]))[0]![0];
}
