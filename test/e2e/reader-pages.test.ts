/// <reference lib="dom" />
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { isChromiumAvailable, launchChromium } from '../support/browser.js';
import { startDemoServer } from '../support/demo-server.js';
import type { DemoServer } from '../support/demo-server.js';

/** The demo's article with every block: lead image, corrections, topics. */
const FULL_ARTICLE_SLUG_QUERY = 'an article with corrections';

describe.runIf(isChromiumAvailable())('reader pages in a real browser', () => {
  let server: DemoServer;
  let browser: Browser;
  let context: BrowserContext;
  let articlePath: string;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Pick a demo story that has corrections, tags and a lead image, so every block shows.
    const candidates = await server.built.services.articles.listPublishedFull({ limit: 100 });
    const full = candidates.find((a) => a.corrections.length > 0 && a.tags.length > 0 && a.leadImage && a.kicker);
    if (!full) throw new Error(`demo has no ${FULL_ARTICLE_SLUG_QUERY}`);
    articlePath = `/articles/${full.slug}`;
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('shows every block of the article page, in order', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${server.url}${articlePath}`);
    expect(response?.status()).toBe(200);
    const blocks = await page.$$eval('main [data-block]', (elements) => elements.map((e) => e.getAttribute('data-slot') ?? e.getAttribute('data-block')));
    expect(blocks).toEqual(['breadcrumb', 'headline', 'byline', 'lead-media', 'body', 'corrections', 'topics', 'in-this-story', 'section-cta', 'related', 'public-reaction', 'editors-picks', 'trending']);
    // Header with publication name and section nav comes first, the footer's back-to-top link last.
    await expect(page.locator('header#top').getByRole('navigation', { name: 'Sections' }).getByRole('link').count()).resolves.toBeGreaterThanOrEqual(5);
    await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Home' }).count()).resolves.toBe(1);
    await expect(page.locator('h1').count()).resolves.toBe(1);
    await expect(page.locator('[data-block="byline"] time[datetime]').count()).resolves.toBeGreaterThanOrEqual(1);
    await expect(page.locator('[data-block="section-cta"]').innerText()).resolves.toMatch(/^Read the latest .+ news on The Daily Example$/);
    await expect(page.locator('footer a[href="#top"]').innerText()).resolves.toMatch(/back to top/i);
    // Related is filled on the demo (4–6 story cards).
    await expect(page.locator('[data-slot="related"]').isVisible()).resolves.toBe(true);
    const relatedCards = await page.locator('[data-slot="related"] li').count();
    expect(relatedCards).toBeGreaterThanOrEqual(4);
    expect(relatedCards).toBeLessThanOrEqual(6);
    // Every picture has reserved its box (width and height), so nothing shifts when it loads.
    const unsized = await page.$$eval('main img', (imgs) => imgs.filter((img) => !img.getAttribute('width') || !img.getAttribute('height')).length);
    expect(unsized).toBe(0);
    await page.close();
  });

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    const paths = [articlePath, '/', '/world/', '/world/asia/central-asia/', '/about', '/search?q=water', '/no-such-page'];
    for (const path of paths) {
      const page = await context.newPage();
      await page.goto(`${server.url}${path}`);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${path}: ${v.id} (${v.nodes.length}) ${v.help}`)).toEqual([]);
      await page.close();
    }
  });

  it('passes axe in dark mode too', async () => {
    const dark = await browser.newContext({ colorScheme: 'dark' });
    const page = await dark.newPage();
    await page.goto(`${server.url}${articlePath}`);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await dark.close();
  });

  it('passes axe on a phone-sized screen, where tables scroll', async () => {
    const stories = await server.built.services.articles.listPublishedFull({ limit: 100 });
    const withTable = stories.find((a) => a.body.content.some((node) => node.type === 'table'));
    expect(withTable).toBeDefined();
    const phone = await browser.newContext({ viewport: { width: 375, height: 800 } });
    for (const path of [`/articles/${withTable!.slug}`, '/']) {
      const page = await phone.newPage();
      await page.goto(`${server.url}${path}`);
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${path}: ${v.id}`)).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.close();
    }
    await phone.close();
  });

  it('reads the whole article with JavaScript disabled', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const page = await noJs.newPage();
    await page.goto(`${server.url}${articlePath}`);
    await expect(page.locator('h1').isVisible()).resolves.toBe(true);
    const bodyText = await page.locator('[data-block="body"]').innerText();
    expect(bodyText.split(/\s+/).length).toBeGreaterThan(150);
    await expect(page.locator('[data-block="lead-media"] img').isVisible()).resolves.toBe(true);
    await noJs.close();
  });

  it('loads the page without any layout shift or console error', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${server.url}${articlePath}`, { waitUntil: 'load' });
    const shift = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!entry.hadRecentInput) total += entry.value;
          }).observe({ type: 'layout-shift', buffered: true } as unknown as { type: 'mark'; buffered: boolean });
          setTimeout(() => resolve(total), 500);
        }),
    );
    expect(shift).toBeLessThan(0.01);
    expect(errors).toEqual([]);
    await page.close();
  });
});
