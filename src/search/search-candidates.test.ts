import { describe, expect, it } from 'vitest';
import { completeBelowWithTiesOf, nextUp, pageFromCandidates } from './search-candidates.js';

describe('candidates with ties', () => {
  it('nextUp gives the next number above', () => {
    expect(nextUp(1)).toBeGreaterThan(1);
    expect(nextUp(1) - 1).toBe(Number.EPSILON);
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
    expect(nextUp(-1)).toBeGreaterThan(-1);
    expect(nextUp(Infinity)).toBe(Infinity);
    const x = 1.6449341;
    expect(nextUp(x) > x && (nextUp(x) + x) / 2 <= nextUp(x)).toBe(true);
  });

  it('a top-n with ties keeps the tie group at the edge below the bound, so the page is decided', async () => {
    // One strong match, then eleven tied: the engine returned all twelve for a top 5 with ties.
    const candidates = [{ id: 1, score: 1 }, ...Array.from({ length: 11 }, (_, i) => ({ id: i + 2, score: 1.6 }))];
    const bound = completeBelowWithTiesOf(candidates, 5);
    expect(bound).toBeGreaterThan(1.6);
    const times = new Map(candidates.map((c) => [c.id, new Date(Date.UTC(2026, 0, c.id)).toISOString()]));
    const loadVisible = async (ids: number[]) => ids.map((id) => ({ id, published_at: times.get(id)! }));
    // Page one: the strong match, then the tied ones newest first (highest day first).
    expect((await pageFromCandidates(candidates, bound, { limit: 10, offset: 0 }, loadVisible))?.map((c) => c.id)).toEqual([1, 12, 11, 10, 9, 8, 7, 6, 5, 4]);
    // Fewer returned than asked for: they are all the matches.
    expect(completeBelowWithTiesOf(candidates, 20)).toBe(Infinity);
  });
});
