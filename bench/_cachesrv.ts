import { readFileSync } from 'node:fs';
import { createPageCache, buildCachedPage } from '../src/page-cache/page-cache.js';
import { createCachingServerFactory } from '../src/page-cache/page-cache-hooks.js';
const mode = process.argv[2];
const body = readFileSync('/tmp/page.html');
const cache = createPageCache({ maxBytes: 1e8 });
cache.set('/p', buildCachedPage({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=60' }, body, tags: ['site'], nowMs: Date.now(), freshForMs: 3600_000 }), cache.generation());
const factory = createCachingServerFactory(cache, {});
if (mode === 'fastify') {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ serverFactory: (h) => factory(h) });
  app.get('/x', async () => 'x');
  await app.listen({ port: 3914, host: '127.0.0.1' });
} else {
  factory((q, r) => { r.statusCode = 404; r.end(); }).listen(3914, '127.0.0.1');
}
console.log('ready');
