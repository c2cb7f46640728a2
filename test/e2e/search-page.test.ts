/// <reference lib="dom" />
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { isChromiumAvailable, launchChromium } from '../support/browser.js';
import { startDemoServer } from '../support/demo-server.js';
import type { DemoServer } from '../support/demo-server.js';

describe.runIf(isChromiumAvailable())('search page in a real browser', () => {
  let server: DemoServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
    // No JavaScript at all: the filter form must work as plain HTML.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('searches the demo with the filter form, without JavaScript', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/search`);
    await page.getByLabel('Search for').fill('budget');
    await page.getByRole('button', { name: 'Search', exact: true }).last().click();
    await page.waitForURL(/\/search\?q=budget/);
    const summary = await page.locator('#search-summary').innerText();
    expect(summary).toMatch(/^\d+ results? for “budget”/);
    await expect(page.locator('.search-result mark').count()).resolves.toBeGreaterThan(0);
    // Narrow by the first author offered; the choice is kept in the form.
    const author = await page.locator('#search-author option').nth(1).getAttribute('value');
    await page.selectOption('#search-author', author!);
    await page.getByRole('button', { name: 'Search', exact: true }).last().click();
    await page.waitForURL(new RegExp(`author=${author}`));
    await expect(page.locator('#search-author').inputValue()).resolves.toBe(author);
    await page.close();
  }, 120_000);

  it('has no serious or critical accessibility violations (axe-core), with results, filters and notices', async () => {
    // axe runs as a script, so this context allows JavaScript.
    const scripted = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    for (const path of ['/search', '/search?q=budget', '/search?q=budget&section=nowhere&from=bad', '/search?q=zzzznothing']) {
      const page = await scripted.newPage();
      await page.goto(`${server.url}${path}`);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${path}: ${v.id} (${v.nodes.length}) ${v.help}`)).toEqual([]);
      await page.close();
    }
    await scripted.close();
  }, 300_000);
});
