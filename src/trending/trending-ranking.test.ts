import { describe, expect, it } from 'vitest';
import { HOUR_MS, decayWeight, hourStartOf, rankTrending } from './trending-ranking.js';

const NOW = Date.UTC(2026, 10, 28, 12, 30); // 12:30 UTC: the middle of the current hour
const hour = (hoursAgo: number) => hourStartOf(NOW) - hoursAgo * HOUR_MS;

describe('rankTrending', () => {
  it('halves the weight of a view every half-life, measured from the middle of its hour', () => {
    expect(decayWeight(hour(0), { nowMs: NOW, halfLifeHours: 6 })).toBe(1);
    expect(decayWeight(hour(6), { nowMs: NOW, halfLifeHours: 6 })).toBeCloseTo(0.5, 12);
    expect(decayWeight(hour(12), { nowMs: NOW, halfLifeHours: 6 })).toBeCloseTo(0.25, 12);
    expect(decayWeight(hour(3), { nowMs: NOW, halfLifeHours: 3 })).toBeCloseTo(0.5, 12);
  });

  it('prefers fewer fresh views to more old ones, depending on the half-life', () => {
    const buckets = [
      { articleId: 1, hourStartMs: hour(0), views: 10 },
      { articleId: 2, hourStartMs: hour(12), views: 30 },
    ];
    // 6 h half-life: 30 views 12 h ago weigh 7.5 < 10.
    expect(rankTrending(buckets, { nowMs: NOW, halfLifeHours: 6 }).map((r) => r.articleId)).toEqual([1, 2]);
    // 24 h half-life: 30 × 2^-0.5 ≈ 21.2 > 10.
    expect(rankTrending(buckets, { nowMs: NOW, halfLifeHours: 24 }).map((r) => r.articleId)).toEqual([2, 1]);
  });

  it('sums an article over its hours and reports plain views', () => {
    const [first] = rankTrending(
      [
        { articleId: 7, hourStartMs: hour(0), views: 4 },
        { articleId: 7, hourStartMs: hour(6), views: 8 },
      ],
      { nowMs: NOW, halfLifeHours: 6 },
    );
    expect(first).toEqual({ articleId: 7, score: 8, views: 12 });
  });

  it('drops buckets outside the 48-hour window, in the future, or empty', () => {
    const ranked = rankTrending(
      [
        { articleId: 1, hourStartMs: hour(47), views: 1 },
        { articleId: 2, hourStartMs: hour(48), views: 1000 },
        { articleId: 3, hourStartMs: hour(-1), views: 1000 },
        { articleId: 4, hourStartMs: hour(0), views: 0 },
      ],
      { nowMs: NOW, halfLifeHours: 6 },
    );
    expect(ranked.map((r) => r.articleId)).toEqual([1]);
  });

  it('breaks ties by views, then by the newer id', () => {
    const ranked = rankTrending(
      [
        { articleId: 1, hourStartMs: hour(0), views: 2 },
        { articleId: 2, hourStartMs: hour(0), views: 2 },
        { articleId: 3, hourStartMs: hour(6), views: 4 },
      ],
      { nowMs: NOW, halfLifeHours: 6 },
    );
    expect(ranked.map((r) => r.articleId)).toEqual([3, 2, 1]);
  });
});
