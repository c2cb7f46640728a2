/// <reference lib="dom" />
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { isChromiumAvailable, launchChromium } from '../support/browser.js';
import { startDemoServer } from '../support/demo-server.js';
import type { DemoServer } from '../support/demo-server.js';

describe.runIf(isChromiumAvailable())("Editor's Picks and topics in a real browser (demo newspaper)", () => {
  let server: DemoServer;
  let browser: Browser;
  let articlePath: string;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
    // A World story: World has its own Editor's Picks in the demo.
    const world = (await server.built.services.sections.getTree()).byPath.get('world')!;
    const [story] = await server.built.services.articles.listPublished({ sectionIds: [world.id, ...world.children.map((c) => c.id)], limit: 1 });
    articlePath = `/articles/${story!.slug}`;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows Editor\'s Picks and "In this story" on the first start, and the topic links work without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    expect((await page.goto(`${server.url}${articlePath}`))?.status()).toBe(200);
    const picks = page.locator('[data-slot="editors-picks"]');
    await expect(picks.isVisible()).resolves.toBe(true);
    const pickLinks = await picks.locator('h3 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(pickLinks.length).toBeGreaterThanOrEqual(1);
    expect(pickLinks).not.toContain(articlePath);

    const block = page.locator('[data-block="in-this-story"]');
    await expect(block.isVisible()).resolves.toBe(true);
    await expect(block.getByRole('heading', { level: 2 }).innerText()).resolves.toMatch(/in this story/i);
    const first = block.getByRole('link').first();
    const name = await first.innerText();
    await first.click();
    await page.waitForURL(/\/topics\/[a-z0-9-]+$/);
    await expect(page.locator('h1').innerText()).resolves.toBe(name);
    const listed = await page.locator('main .story-list a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(listed).toContain(articlePath);

    await page.goto(`${server.url}/`);
    await expect(page.locator('#home-editors-picks').isVisible()).resolves.toBe(true);
    const lead = await server.built.services.collections.liveStories('homepage-lead', null, { limit: 1 });
    await expect(page.locator('[data-block="lead"] a').first().getAttribute('href')).resolves.toBe(`/articles/${lead[0]!.slug}`);
    await context.close();
  });

  it('has no serious or critical accessibility violations on the article, topic and home pages (axe-core)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const lookup = await server.built.services.articles.lookupPublished(articlePath.replace('/articles/', ''));
    if (lookup.kind !== 'found') throw new Error(`${articlePath} is not published`);
    const [topic] = await server.built.services.topics.topicsOfArticle(lookup.article.id);
    for (const path of [articlePath, `/topics/${topic!.slug}`, '/']) {
      const page = await context.newPage();
      await page.goto(`${server.url}${path}`);
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${path}: ${v.id} ${v.help}`)).toEqual([]);
      await page.close();
    }
    await context.close();
  }, 180_000); // axe on three pages: slow on a loaded machine
});
