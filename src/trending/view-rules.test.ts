import { describe, expect, it } from 'vitest';
import { createTokenBuckets } from './token-buckets.js';
import { excludedBy, isCrawler } from './view-rules.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0';

describe('view rules', () => {
  it('knows crawlers, previewers and scripted clients, and lets browsers through', () => {
    for (const ua of ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'facebookexternalhit/1.1', 'curl/8.5.0', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36', 'python-requests/2.32', 'GPTBot/1.2', '', undefined]) {
      expect(isCrawler(ua), String(ua)).toBe(true);
    }
    expect(isCrawler(FIREFOX)).toBe(false);
    expect(isCrawler('Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1')).toBe(false);
  });

  it('names the first rule a beacon breaks', () => {
    expect(excludedBy({ 'user-agent': FIREFOX }, 'empty')).toBeUndefined();
    expect(excludedBy({ 'user-agent': FIREFOX, 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'empty' }, 'empty')).toBeUndefined();
    expect(excludedBy({ 'user-agent': FIREFOX, cookie: 'a=1; bs_session=xyz' }, 'empty')).toBe('staff');
    expect(excludedBy({ 'user-agent': FIREFOX, 'sec-purpose': 'prefetch;prerender' }, 'empty')).toBe('prefetch');
    expect(excludedBy({ 'user-agent': FIREFOX, purpose: 'prefetch' }, 'empty')).toBe('prefetch');
    expect(excludedBy({ 'user-agent': FIREFOX, 'x-moz': 'prefetch' }, 'empty')).toBe('prefetch');
    expect(excludedBy({ 'user-agent': 'Twitterbot/1.0' }, 'empty')).toBe('crawler');
    expect(excludedBy({ 'user-agent': FIREFOX, 'sec-fetch-site': 'cross-site' }, 'empty')).toBe('foreign');
    expect(excludedBy({ 'user-agent': FIREFOX, 'sec-fetch-dest': 'document' }, 'image')).toBe('foreign');
    expect(excludedBy({ 'user-agent': FIREFOX, 'sec-fetch-dest': 'image' }, 'image')).toBeUndefined();
  });
});

describe('token buckets', () => {
  it('lets a burst through, refuses the rest, and refills with time, per key', () => {
    const buckets = createTokenBuckets({ capacity: 3, refillPerSecond: 1 });
    expect([1, 2, 3, 4].map(() => buckets.take('a', 0))).toEqual([true, true, true, false]);
    expect(buckets.take('b', 0)).toBe(true);
    expect(buckets.take('a', 999)).toBe(false);
    expect(buckets.take('a', 2000)).toBe(true);
    buckets.sweep(10_000);
    expect(buckets.size).toBe(0);
  });

  it('stays within its key limit', () => {
    const buckets = createTokenBuckets({ capacity: 1, refillPerSecond: 0.001, maxKeys: 2 });
    buckets.take('a', 0);
    buckets.take('b', 0);
    buckets.take('c', 0);
    expect(buckets.size).toBe(2);
    expect(buckets.take('a', 0)).toBe(true); // forgotten, so full again
  });
});
