import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildCachedPage, createPageCache } from './page-cache.js';

const page = (text: string, tags: string[]) => buildCachedPage({ status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from(text), tags, nowMs: 0, freshForMs: 60_000 });

describe('page cache', () => {
  it('keeps gzip and brotli bodies that decode to the page, and a strong ETag', () => {
    const entry = page('<p>hello</p>'.repeat(100), ['article:1']);
    expect(gunzipSync(entry.gzip).toString()).toBe(entry.body.toString());
    expect(brotliDecompressSync(entry.brotli).toString()).toBe(entry.body.toString());
    expect(entry.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(page('<p>other</p>', []).etag).not.toBe(entry.etag);
  });

  it('invalidates exactly the pages tagged with a changed entity', () => {
    const cache = createPageCache({ maxBytes: 10_000_000 });
    cache.set('/articles/a', page('a', ['article:1', 'site']));
    cache.set('/articles/b', page('b', ['article:2', 'site']));
    cache.set('/', page('home', ['list:home', 'article:1', 'article:2', 'site']));
    expect(cache.invalidate(['article:1'])).toBe(2);
    expect(cache.get('/articles/a')).toBeUndefined();
    expect(cache.get('/')).toBeUndefined();
    expect(cache.get('/articles/b')?.body.toString()).toBe('b');
    expect(cache.invalidate(['site'])).toBe(1);
    expect(cache.stats().entries).toBe(0);
  });

  it('evicts the least recently used pages to stay within its byte budget', () => {
    const one = page('x'.repeat(1000), []);
    const cache = createPageCache({ maxBytes: one.bytes * 3 });
    cache.set('/1', one);
    cache.set('/2', page('x'.repeat(1000), []));
    cache.set('/3', page('x'.repeat(1000), []));
    cache.get('/1');
    cache.set('/4', page('x'.repeat(1000), []));
    expect(cache.get('/2')).toBeUndefined();
    expect(cache.get('/1')).toBeDefined();
    expect(cache.stats().bytes).toBeLessThanOrEqual(one.bytes * 3);
    expect(cache.stats().evictions).toBe(1);
  });

  it('replaces an entry under the same key without leaking its tags or bytes', () => {
    const cache = createPageCache({ maxBytes: 1_000_000 });
    cache.set('/a', page('first', ['article:1']));
    cache.set('/a', page('second', ['article:2']));
    expect(cache.invalidate(['article:1'])).toBe(0);
    expect(cache.get('/a')?.body.toString()).toBe('second');
    expect(cache.stats().bytes).toBe(page('second', ['article:2']).bytes);
  });
  it('does not store a page whose entities changed while it was being rendered', () => {
    const cache = createPageCache({ maxBytes: 1_000_000 });
    const startedA = cache.generation();
    cache.invalidate(['article:1']);
    expect(cache.set('/a', page('old a', ['article:1']), startedA)).toBe(false);
    expect(cache.set('/b', page('b', ['article:2']), startedA)).toBe(true);
    const startedC = cache.generation();
    cache.clear();
    expect(cache.set('/c', page('c', ['article:3']), startedC)).toBe(false);
    expect(cache.set('/c', page('c', ['article:3']), cache.generation())).toBe(true);
  });
});
