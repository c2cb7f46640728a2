import { describe, expect, it } from 'vitest';
import { buildRelatedIndex, curateRelated, describeReason, explainPair, findRelated, prepareDocument, sectionOverlap, stem, tokenize } from './related-scoring.js';
import type { RelatedDocumentInput } from './related-scoring.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);

// Sections: 1 World › 2 Asia; 3 Business; 4 Sport
const SECTIONS: Record<number, { path: number[]; name: string }> = {
  1: { path: [1], name: 'World' },
  2: { path: [1, 2], name: 'Asia' },
  3: { path: [3], name: 'Business' },
  4: { path: [4], name: 'Sport' },
};

function doc(id: number, section: number, headline: string, body: string, extra: Partial<RelatedDocumentInput> = {}): RelatedDocumentInput {
  const s = SECTIONS[section] ?? { path: [section], name: `S${section}` };
  return { id, headline, dek: '', body, tags: [], sectionIds: [section], sectionPath: s.path, sectionName: s.name, publishedAt: T0, ...extra };
}

const corpus = [
  doc(1, 2, 'Kyrgyzstan hosts CSTO summit in Bishkek', 'Leaders of the CSTO security alliance met in Bishkek. Kyrgyzstan pressed for border talks with Tajikistan.', { tags: ['Kyrgyzstan', 'CSTO'] }),
  doc(2, 2, 'CSTO troops leave Kyrgyzstan border area', 'The CSTO alliance withdrew troops from the Kyrgyzstan Tajikistan border after talks in Bishkek.', { tags: ['CSTO'] }),
  doc(3, 2, 'Tajikistan and Kyrgyzstan agree border map', 'Border negotiators from Tajikistan and Kyrgyzstan agreed a map after years of clashes.', { tags: ['Kyrgyzstan'] }),
  doc(4, 3, 'Central bank raises interest rates', 'The central bank raised interest rates to fight inflation; bond markets fell.'),
  doc(5, 3, 'Inflation slows as interest rates bite', 'Inflation eased for a third month as higher interest rates cooled borrowing.'),
  doc(6, 4, 'Cup final goes to penalties', 'The cup final ended level and went to penalties; the keeper saved two.'),
  doc(7, 1, 'Bishkek summit: what the CSTO wants', 'Analysis of the CSTO alliance summit in Bishkek and Kyrgyzstan border politics.', { publishedAt: T0 - 400 * DAY }),
  // A copy of story 1 under a new id (a re-filed wire story).
  doc(8, 2, 'Kyrgyzstan hosts CSTO summit in Bishkek', 'Leaders of the CSTO security alliance met in Bishkek. Kyrgyzstan pressed for border talks with Tajikistan.', { tags: ['Kyrgyzstan', 'CSTO'] }),
];

const index = buildRelatedIndex(corpus.map(prepareDocument));

describe('tokenize and stem', () => {
  it('drops stopwords and short numbers, keeps years, folds plurals and possessives', () => {
    expect(tokenize("The bank's rates rose in 2024 by 5 points").map((t) => t.stem)).toEqual(['bank', 'rate', 'rose', '2024', 'point']);
    expect(stem('policies')).toBe('policy');
    expect(stem('boxes')).toBe('box');
    expect(stem('crisis')).toBe('crisis');
    expect(stem('glass')).toBe('glass');
  });
});

describe('findRelated', () => {
  it('ranks stories on the same subject first and never returns the story itself', () => {
    const related = findRelated(index, 1, { limit: 6 });
    // Business and sport stories share nothing with a CSTO story; the copy (8) is left out.
    expect(related.map((r) => r.id)).toEqual([2, 3, 7]);
    expect(related.map((r) => r.score)).toEqual([...related.map((r) => r.score)].sort((a, b) => b - a));
    expect(findRelated(index, 4, { limit: 6 }).map((r) => r.id)).toEqual([5]);
  });

  it('weighs section overlap and the recency prior on top of the text', () => {
    const related = findRelated(index, 1, { limit: 6 });
    const old = related.find((r) => r.id === 7);
    const sameSection = related.find((r) => r.id === 3);
    // The old World analysis shares more words than story 3 but ranks below it.
    expect(old!.textSimilarity).toBeGreaterThan(sameSection!.textSimilarity);
    expect(related.indexOf(old!)).toBeGreaterThan(related.indexOf(sameSection!));
    // The same analysis, recent and in Asia, ranks first.
    const fresh = buildRelatedIndex(corpus.map((d) => (d.id === 7 ? { ...d, publishedAt: T0, sectionIds: [2], sectionPath: [1, 2], sectionName: 'Asia' } : d)).map(prepareDocument));
    expect(findRelated(fresh, 1, { limit: 6 }).map((r) => r.id)).toEqual([7, 2, 3]);
  });

  it('leaves out near-duplicates of the story (same headline or cosine above 0.9)', () => {
    expect(findRelated(index, 1, { limit: 7 }).map((r) => r.id)).not.toContain(8);
    expect(findRelated(index, 8, { limit: 7 }).map((r) => r.id)).not.toContain(1);
    // Story 2 is related to both copies, but shows only one of them.
    expect(findRelated(index, 2, { limit: 7 }).map((r) => r.id)).toEqual([1, 3, 7]);
  });

  it('explains each choice: shared words, shared tags, same section', () => {
    const [top] = findRelated(index, 2, { limit: 1 });
    expect(top?.id).toBe(1);
    expect(top?.reason.sharedTags).toEqual(['CSTO']);
    expect(top?.reason.sameSection).toBe('Asia');
    expect(top?.reason.sharedTerms.length).toBeGreaterThan(0);
    expect(top?.reason.sharedTerms.map((t) => t.toLowerCase())).toEqual(expect.arrayContaining(['bishkek']));
    // Words that are already shared tags are not repeated as terms.
    expect(top?.reason.sharedTerms).not.toContain('CSTO');
    expect(describeReason(top!.reason)).toMatch(/^Shares: .*Bishkek.* · Tags: CSTO · Same section: Asia$/);
    const rates = findRelated(index, 4, { limit: 1 })[0];
    expect(rates?.id).toBe(5);
    expect(rates?.reason.sharedTerms.map((t) => t.toLowerCase())).toEqual(expect.arrayContaining(['interest', 'inflation']));
  });

  it('skips the stories it is told to skip and returns [] for an unknown story', () => {
    expect(findRelated(index, 2, { limit: 5, skip: new Set([1, 3]) }).map((r) => r.id)).toEqual([8, 7]);
    expect(findRelated(index, 999, { limit: 5 })).toEqual([]);
  });
});

describe('sectionOverlap', () => {
  it('scores same section, nested sections and same top-level section', () => {
    const [asia, world, business] = [corpus[0]!, corpus[6]!, corpus[3]!];
    expect(sectionOverlap(asia, corpus[1]!)).toBe(1);
    expect(sectionOverlap(asia, world)).toBe(0.5);
    expect(sectionOverlap(asia, business)).toBe(0);
    const europe = doc(20, 9, 'x', 'y', { sectionPath: [1, 9] });
    expect(sectionOverlap(asia, europe)).toBe(0.25);
  });
});

describe('curateRelated', () => {
  const computed = findRelated(index, 1, { limit: 6 });
  it('puts pins first in their order, drops excluded and ineligible stories, keeps the limit', () => {
    const curated = curateRelated(computed, { pins: [6, 3], excludes: [2], eligible: (id) => id !== 99, explainPin: (id) => explainPair(index, 1, id) }, 4);
    expect(curated.map((c) => c.id)).toEqual([6, 3, 7]);
    expect(curated[0]?.reason.pinned).toBe(true);
    expect(curated[1]?.reason.pinned).toBe(true);
    expect(curated[1]?.reason.sharedTags).toEqual(['Kyrgyzstan']);
    expect(curated[2]?.reason.pinned).toBe(false);
    expect(curateRelated(computed, { pins: [6, 3, 7], excludes: [], eligible: () => true }, 2).map((c) => c.id)).toEqual([6, 3]);
    expect(describeReason(curated[0]!.reason)).toMatch(/^Chosen by the editors/);
  });

  it('ignores pins that are no longer eligible and excludes that win over pins', () => {
    const curated = curateRelated(computed, { pins: [99, 4], excludes: [4], eligible: (id) => id !== 99 }, 3);
    expect(curated.map((c) => c.id)).toEqual(computed.filter((c) => c.id !== 4).slice(0, 3).map((c) => c.id));
    expect(curated.every((c) => !c.reason.pinned)).toBe(true);
  });
});
