/// <reference lib="dom" />
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { isChromiumAvailable, launchChromium } from '../support/browser.js';
import { startDemoServer } from '../support/demo-server.js';
import type { DemoServer } from '../support/demo-server.js';

/** A desktop Chrome user agent: headless Chromium's own says "HeadlessChrome" and is not counted. */
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe.runIf(isChromiumAvailable())('Trending Stories in a real browser', () => {
  let server: DemoServer;
  let browser: Browser;
  let articlePath: string;
  let articleId: number;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
    const [story] = await server.built.services.articles.listPublished({ limit: 1 });
    articlePath = `/articles/${story!.slug}`;
    articleId = story!.id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sends one beacon per page view without console errors, and the server counts a reader once', async () => {
    const context = await browser.newContext({ userAgent: CHROME });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const before = server.built.services.trending.stats().counted;
    const [beacon] = await Promise.all([page.waitForResponse((r) => r.url().includes('/beacon?a=')), page.goto(`${server.url}${articlePath}`)]);
    expect(beacon.url()).toBe(`${server.url}/beacon?a=${articleId}`);
    expect(beacon.request().method()).toBe('POST');
    expect(beacon.status()).toBe(204);
    expect(await beacon.headerValue('x-beacon')).toBe('counted');
    const [again] = await Promise.all([page.waitForResponse((r) => r.url().includes('/beacon?a=')), page.reload()]);
    expect(await again.headerValue('x-beacon')).toBe('repeat');
    expect(server.built.services.trending.stats().counted).toBe(before + 1);
    // The demo's seeded views fill the block.
    await expect(page.locator('[data-slot="trending"] li').count()).resolves.toBe(5);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('counts readers without JavaScript through the hidden pixel, which takes no room and passes axe', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, userAgent: `${CHROME} NoScript` });
    const page = await context.newPage();
    const [pixel] = await Promise.all([page.waitForResponse((r) => r.url().includes('/beacon.gif?a=')), page.goto(`${server.url}${articlePath}`)]);
    expect(pixel.status()).toBe(200);
    expect(await pixel.headerValue('x-beacon')).toBe('counted');
    const box = await page.locator('img.view-beacon').boundingBox();
    expect(box === null || (box.width <= 1 && box.height <= 1)).toBe(true);
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await context.close();
  });

  it('shows Trending Stories on the home page', async () => {
    const context = await browser.newContext({ userAgent: CHROME });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await expect(page.locator('#home-trending li').count()).resolves.toBe(5);
    await context.close();
  });
});
