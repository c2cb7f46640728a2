import { request as httpRequest } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createCachingServerFactory } from './page-cache-hooks.js';
import { buildCachedPage, createPageCache } from './page-cache.js';

function get(port: number, path: string): Promise<{ status: number; cache: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cache: res.headers['x-cache'] as string | undefined, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Stands in for Fastify behind the factory: renders slowly, counts renders per URL, and stores
 * `/page…` URLs in the cache the way the store hook does; `/missing` is a 404 nobody caches.
 */
function slowRenderer(cache: ReturnType<typeof createPageCache>, renderMs: number) {
  const renders = new Map<string, number>();
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '/';
    renders.set(url, (renders.get(url) ?? 0) + 1);
    setTimeout(() => {
      if (url === '/missing') {
        response.writeHead(404).end('not here');
        return;
      }
      const body = Buffer.from(`rendered ${url}`);
      cache.set(url, buildCachedPage({ status: 200, headers: { 'content-type': 'text/plain' }, body, tags: ['site'], nowMs: Date.now(), freshForMs: 60_000 }));
      response.writeHead(200, { 'content-type': 'text/plain', 'x-cache': 'MISS' }).end(body);
    }, renderMs);
  };
  return { handler, renders };
}

describe('page cache miss coalescing', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function start(renderMs: number, coalesceWaitMs?: number) {
    const cache = createPageCache({ maxBytes: 1_000_000 });
    const renderer = slowRenderer(cache, renderMs);
    server = createCachingServerFactory(cache, coalesceWaitMs === undefined ? {} : { coalesceWaitMs })(renderer.handler);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return { port: typeof address === 'object' && address ? address.port : 0, renders: renderer.renders };
  }

  it('renders a page once for a burst of concurrent misses and answers the rest from the cache', async () => {
    const { port, renders } = await start(150);
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(port, '/page')));
    expect(renders.get('/page')).toBe(1);
    expect(answers.every((a) => a.status === 200 && a.body === 'rendered /page')).toBe(true);
    expect(answers.filter((a) => a.cache === 'MISS')).toHaveLength(1);
    expect(answers.filter((a) => a.cache === 'HIT')).toHaveLength(19);
  });

  it('does not hold different URLs behind each other', async () => {
    const { port, renders } = await start(100);
    await Promise.all([get(port, '/page-a'), get(port, '/page-b'), get(port, '/page-a')]);
    expect(renders.get('/page-a')).toBe(1);
    expect(renders.get('/page-b')).toBe(1);
  });

  it('lets waiters render themselves when the first answer was not cacheable', async () => {
    const { port, renders } = await start(50);
    const answers = await Promise.all(Array.from({ length: 5 }, () => get(port, '/missing')));
    expect(answers.every((a) => a.status === 404)).toBe(true);
    // One leader, then the four waiters each rendered after it (none was dropped).
    expect(renders.get('/missing')).toBe(5);
  });

  it('stops waiting after the coalescing limit when a render is slow', async () => {
    const { port, renders } = await start(400, 50);
    const answers = await Promise.all(Array.from({ length: 3 }, () => get(port, '/page')));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(renders.get('/page')).toBe(3);
  });
});
