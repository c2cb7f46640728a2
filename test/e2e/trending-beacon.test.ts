/// <reference lib="dom" />
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
      // Chromium asks for /favicon.ico by itself; the demo has none (not this feature's concern).
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) errors.push(`${message.text()} ${message.location().url}`);
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
    });
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
    // Playwright turns script execution off but Chromium's parser still treats <noscript> as
    // text; unwrap it the way a browser with scripting off parses it.
    const unwrapNoscript = async (page: Page) =>
      page.route(`${server.url}${articlePath}`, async (route) => {
        const response = await route.fetch();
        const body = (await response.text()).replace(/<noscript>([\s\S]*?)<\/noscript>/g, '$1');
        await route.fulfill({ response, body });
      });
    const noJs = await browser.newContext({ javaScriptEnabled: false, userAgent: `${CHROME} NoScript` });
    const page = await noJs.newPage();
    await unwrapNoscript(page);
    const pixel = page.waitForResponse((r) => r.url().includes('/beacon.gif?a='), { timeout: 20_000 });
    await page.goto(`${server.url}${articlePath}`);
    expect((await pixel).status()).toBe(200);
    expect(await (await pixel).headerValue('x-beacon')).toBe('counted');
    await noJs.close();

    // The pixel in the page: no room taken, nothing for axe to object to.
    const withPixel = await browser.newContext({ userAgent: CHROME });
    const shown = await withPixel.newPage();
    await unwrapNoscript(shown);
    await shown.goto(`${server.url}${articlePath}`);
    const box = await shown.locator('img.view-beacon').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.width * box!.height).toBeLessThanOrEqual(1);
    const results = await new AxeBuilder({ page: shown }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await withPixel.close();
  });

  it('shows Trending Stories on the home page', async () => {
    const context = await browser.newContext({ userAgent: CHROME });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await expect(page.locator('#home-trending li').count()).resolves.toBe(5);
    await context.close();
  });
});
