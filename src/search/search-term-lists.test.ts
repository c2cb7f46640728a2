import { describe, expect, it } from 'vitest';
import { candidatesFromList } from './search-term-lists.js';

describe('candidatesFromList', () => {
  it('takes the best entries in score order, then id, with the list bound when all are taken', () => {
    const got = candidatesFromList([{ id: 3, score: 2 }, { id: 1, score: 1 }, { id: 2, score: 2 }], 5, 10);
    expect(got.candidates.map((c) => c.id)).toEqual([1, 2, 3]);
    expect(got.completeBelow).toBe(5);
  });

  it('bounds a cut list by the first entry left out', () => {
    const entries = [1, 2, 3, 4, 5].map((score) => ({ id: score, score }));
    expect(candidatesFromList(entries, 9, 3)).toEqual({ candidates: entries.slice(0, 3), completeBelow: 4 });
  });

  it('keeps a tie group whole across the cut, so its stories stay below the bound', () => {
    // One strong story, then many tied at one distance (RUM: the word once in the body).
    const entries = [{ id: 100, score: 1 }, ...Array.from({ length: 150 }, (_, i) => ({ id: i + 1, score: 1.6 })), { id: 200, score: 3.2 }, { id: 201, score: 3.9 }];
    const { candidates, completeBelow } = candidatesFromList(entries, 4.1, 100);
    expect(candidates).toHaveLength(151);
    expect(completeBelow).toBe(3.2);
    expect(candidates.filter((c) => c.score < completeBelow)).toHaveLength(151);
    // The whole list tied: everything is taken and the list's own bound stands.
    const allTied = candidatesFromList(Array.from({ length: 5 }, (_, i) => ({ id: i, score: 2 })), 7, 2);
    expect(allTied).toEqual({ candidates: Array.from({ length: 5 }, (_, i) => ({ id: i, score: 2 })), completeBelow: 7 });
  });
});
