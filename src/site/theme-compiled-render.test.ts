import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Liquid } from 'liquidjs';
import { buildApp } from '../app.js';
import type { BuiltApp } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { seedDemoIfEmpty } from '../demo/index.js';
import { createTestDatabase } from '../../test/support/test-databases.js';
import { createThemeEngine } from './theme-engine.js';

const THEME = new URL('../../themes/default', import.meta.url).pathname;

// Every reader page of the demo newspaper, rendered by the site (templates translated to
// closures) and again from the same view model by a plain LiquidJS engine: byte for byte equal.
describe('the default theme, translated and plain', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-theme-diff-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let built: BuiltApp;
  const renders: { template: string; model: object; html: string }[] = [];
  const original = Liquid.prototype.renderFileSync;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    await seedDemoIfEmpty({ database, dataDir });
    const config = loadConfig({ env: { DATA_DIR: dataDir, PUBLIC_URL: 'http://demo.test', LOG_LEVEL: 'silent', CONFIG_FILE: '', PAGE_CACHE_BYTES: '0', SEARCH_PER_MINUTE: '100000' } });
    built = await buildApp({ config, database, logger: false, scheduler: false });
    Liquid.prototype.renderFileSync = function (this: Liquid, file: string, scope?: object, options?: object) {
      const html = original.call(this, file, scope, options) as string;
      renders.push({ template: file, model: scope ?? {}, html });
      return html;
    } as typeof original;
  }, 120_000);

  afterAll(async () => {
    Liquid.prototype.renderFileSync = original;
    await built?.app.close();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('renders every page of the demo identically', async () => {
    const seen = new Set<string>();
    const queue = ['/', '/search?q=water', '/search?q=zzzz-nothing', '/no-such-page'];
    while (queue.length > 0 && seen.size < 150) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const response = await built.app.inject({ method: 'GET', url });
      if (!String(response.headers['content-type']).startsWith('text/html')) continue;
      for (const [, link] of response.body.matchAll(/href="(\/[^"#]*)"/g)) {
        const path = link!.replaceAll('&amp;', '&');
        if (!/^\/(assets|media|beacon)|\.(xml|json|css|js)$/.test(path)) queue.push(path);
      }
    }
    const templates = new Set(renders.map((r) => r.template));
    expect([...templates].sort()).toEqual(expect.arrayContaining(['article', 'error', 'home', 'list', 'page', 'search', 'section']));
    expect(renders.length).toBeGreaterThan(80);

    const plain = createThemeEngine(THEME, { compiled: false });
    Liquid.prototype.renderFileSync = original;
    for (const { template, model, html } of renders) {
      expect(await plain.render(template as Parameters<typeof plain.render>[0], model), `${template} page`).toBe(html);
    }
  }, 120_000);
});
