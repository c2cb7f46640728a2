/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Article } from '../../src/articles/index.js';
import { isChromiumAvailable, launchChromium } from '../support/browser.js';
import { buildTestApp } from '../support/build-test-app.js';
import { makeArticle, makeSections } from '../support/factories.js';
import { latestSignInToken, signInReader } from '../support/readers.js';
import { signInAs } from '../support/staff.js';
import { XSS_VECTORS } from './xss-vectors.js';

/** Counts anything a payload could do if it ran: dialogs, the window flag, page errors. */
async function watch(page: Page): Promise<{ dialogs: number; errors: string[] }> {
  const seen = { dialogs: 0, errors: [] as string[] };
  page.on('dialog', (dialog) => {
    seen.dialogs++;
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  await page.addInitScript(() => {
    (window as unknown as { __xss: number }).__xss = 0;
  });
  return seen;
}

describe.runIf(isChromiumAvailable())('Public Reaction in a real browser', { timeout: 180_000 }, () => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let browser: Browser;
  let url = '';
  let story: Article;
  let preStory: Article;
  let xssStory: Article;

  beforeAll(async () => {
    built = await buildTestApp({ env: { COMMENT_MIN_SECONDS: '1' } });
    await built.app.listen({ host: '127.0.0.1', port: 0 });
    const address = built.app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const sections = await makeSections(built.services, ['news']);
    story = await makeArticle(built.services, { primarySectionId: sections.news!, headline: 'Harbour wall repaired' });
    preStory = await makeArticle(built.services, { primarySectionId: sections.news!, headline: 'Council votes on budget' });
    xssStory = await makeArticle(built.services, { primarySectionId: sections.news!, headline: 'Comments under attack' });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await built?.close();
  });

  it('reacts and comments without JavaScript (form posts, sign-in by emailed link)', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${url}/articles/${story.slug}`);
    expect(await context.cookies()).toEqual([]);
    await page.getByRole('button', { name: /Like/ }).click();
    await page.waitForURL(`${url}/articles/${story.slug}#reactions`);
    expect((await context.cookies()).map((c) => c.name)).toEqual(['bs_rx']);
    await expect(page.locator('button[data-reaction="like"] [data-count]').innerText()).resolves.toBe('1');

    // Sign in: email → mailed link → confirm → choose a name → back to the story.
    await page.getByRole('link', { name: 'Sign in to comment' }).click();
    await page.getByLabel('Email address').fill('nojs@readers.test');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('sign-in link is on its way');
    const token = await latestSignInToken(built.dataDir, 'nojs@readers.test');
    await page.goto(`${url}/reader/verify?token=${token}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Choose a display name').fill('No Script Nora');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(new RegExp(`/articles/${story.slug}`));
    await page.waitForTimeout(1200);
    await page.getByLabel(/Your comment/).fill('Posted with a plain form.');
    await page.getByRole('button', { name: 'Post' }).click();
    await expect(page.locator('.comment-text').first().innerText()).resolves.toBe('Posted with a plain form.');
    await expect(page.locator('.comment-author').first().innerText()).resolves.toBe('No Script Nora');
    await expect(page.locator('[data-comment-count]').innerText()).resolves.toBe('1');
    // An empty comment is refused with a message on the page.
    await page.waitForTimeout(1200);
    await page.getByRole('button', { name: 'Post' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('Write something before posting.');
    await context.close();
  });

  it('reacts and comments with JavaScript: no reload, counts update, own choice comes from the JSON endpoint', async () => {
    const context = await browser.newContext();
    const cookie = await signInReader(built.app, built.dataDir, 'js@readers.test', 'Script Sam', '198.51.100.40');
    const page = await context.newPage();
    const seen = await watch(page);
    await page.goto(`${url}/articles/${story.slug}`);
    await page.locator('form[data-reactions][data-ready="true"]').waitFor();
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));
    await page.getByRole('button', { name: /Love/ }).click();
    await expect.poll(() => page.locator('button[data-reaction="love"]').getAttribute('aria-pressed')).toBe('true');
    await expect(page.locator('button[data-reaction="love"] [data-count]').innerText()).resolves.toBe('1');
    await page.getByRole('button', { name: /Sad/ }).click();
    await expect.poll(() => page.locator('button[data-reaction="sad"]').getAttribute('aria-pressed')).toBe('true');
    await expect(page.locator('button[data-reaction="love"] [data-count]').innerText()).resolves.toBe('0');
    await page.getByRole('button', { name: /Sad/ }).click();
    await expect.poll(() => page.locator('button[data-reaction="sad"]').getAttribute('aria-pressed')).toBe('false');
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');

    // Sign in (cookie from the mailed-link flow) and comment without a reload.
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url }]);
    // The browser may keep the anonymous copy for a minute (public max-age): a reload revalidates.
    await page.reload();
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));
    await page.waitForTimeout(1200);
    const before = Number(await page.locator('[data-comment-count]').innerText());
    await page.getByLabel(/Your comment/).fill('Posted with fetch, see https://example.org/more');
    await page.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => page.locator('[data-comment-count]').innerText()).toBe(String(before + 1));
    await expect(page.locator('.comment-text').first().innerText()).resolves.toContain('Posted with fetch');
    await expect(page.locator('.comment-text a').first().getAttribute('rel')).resolves.toBe('nofollow ugc noopener');
    // Reply in place.
    await page.locator('a[data-reply-to]').first().click();
    await page.waitForTimeout(1200);
    await page.locator('form[data-reply-form] textarea').fill('A reply, also without reload');
    await page.locator('form[data-reply-form] button[type="submit"]').click();
    await expect.poll(() => page.locator('.comment-replies .comment-text').count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
    // Problem details are shown in the form.
    await page.waitForTimeout(1200);
    await page.locator('form[data-comment-form]:not([data-reply-form]) textarea').fill('   ');
    await page.locator('form[data-comment-form]:not([data-reply-form]) button[type="submit"]').click();
    await expect.poll(() => page.locator('form[data-comment-form]:not([data-reply-form]) [data-comment-status]').innerText()).toContain('Write something before posting.');
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('moderates in both modes: pre-moderated comments appear only after approval; post-moderated ones at once until removed', async () => {
    const editor = await signInAs(built, 'editor');
    const admin = (method: 'PATCH' | 'POST' | 'GET', path: string, payload?: object) => built.app.inject({ method, url: `/api/admin/v1${path}`, headers: editor.headers, ...(payload ? { payload } : {}) });
    const context = await browser.newContext();
    const cookie = await signInReader(built.app, built.dataDir, 'mod@readers.test', 'Moderated Mo', '198.51.100.41');
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url }]);
    const page = await context.newPage();

    expect((await admin('PATCH', '/comments/settings', { moderation_mode: 'pre' })).statusCode).toBe(200);
    await page.goto(`${url}/articles/${preStory.slug}`);
    await page.waitForTimeout(1200);
    await page.getByLabel(/Your comment/).fill('Held for review');
    await page.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => page.locator('[data-comment-status]').first().innerText()).toContain('once a moderator has approved it');
    const anonymous = await browser.newContext();
    const reader = await anonymous.newPage();
    await reader.goto(`${url}/articles/${preStory.slug}`);
    await expect(reader.getByText('Held for review').count()).resolves.toBe(0);
    const pending = (await admin('GET', '/comments?queue=pending')).json().comments.find((c: { body: string }) => c.body === 'Held for review');
    expect((await admin('POST', `/comments/${pending.id}/approve`)).statusCode).toBe(200);
    await reader.reload();
    await expect(reader.getByText('Held for review').count()).resolves.toBe(1);

    expect((await admin('PATCH', '/comments/settings', { moderation_mode: 'post' })).statusCode).toBe(200);
    await page.reload();
    await page.waitForTimeout(1200);
    await page.getByLabel(/Your comment/).fill('Shown at once');
    await page.getByRole('button', { name: 'Post' }).click();
    await expect.poll(() => page.locator('.comment-text').allInnerTexts()).toContain('Shown at once');
    await reader.reload();
    await expect(reader.getByText('Shown at once').count()).resolves.toBe(1);
    // A reader reports it; the editor rejects it from the reported queue.
    await reader.locator(`form[data-report]`).first().locator('button').click();
    await expect.poll(() => reader.locator('.comment-reported').count()).toBe(1);
    const reported = (await admin('GET', '/comments?queue=reported')).json().comments.find((c: { body: string }) => c.body === 'Shown at once');
    expect(reported.report_count).toBe(1);
    expect((await admin('POST', `/comments/${reported.id}/reject`)).statusCode).toBe(200);
    await reader.reload();
    await expect(reader.getByText('Shown at once').count()).resolves.toBe(0);
    await anonymous.close();
    await context.close();
  });

  it(`renders ${XSS_VECTORS.length} known XSS vectors in comment bodies and display names inert, and refuses them as reaction types`, async () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(50);
    for (const [i, vector] of XSS_VECTORS.entries()) {
      const reader = await built.services.readers.ensureReader(`xss${i}@readers.test`, `${i} ${vector}`.slice(0, 60));
      await built.services.comments.addSeedComment({ articleId: xssStory.id, parentId: null, reader: { id: reader.id, displayName: reader.displayName, isBanned: false }, status: 'approved', body: vector });
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = await watch(page);
    for (const path of [`/articles/${xssStory.slug}`, `/articles/${xssStory.slug}/comments?page=2`, `/articles/${xssStory.slug}/comments?page=3&sort=oldest`, `/articles/${xssStory.slug}/comments?page=4`]) {
      await page.goto(`${url}${path}`);
      await page.waitForLoadState('load');
      // Hover and focus everything in the comments, so event-handler payloads would fire.
      for (const handle of (await page.locator('.comment').all()).slice(0, 25)) await handle.hover().catch(() => {});
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (window as unknown as { __xss: number }).__xss), path).toBe(0);
      const markup = await page.$$eval('.comment-text, .comment-author', (nodes) =>
        nodes.flatMap((node) =>
          [...node.querySelectorAll('*')]
            .filter((el) => !(el.tagName === 'P' || el.tagName === 'BR' || (el.tagName === 'A' && /^https?:/.test(el.getAttribute('href') ?? ''))) || [...el.attributes].some((a) => a.name.startsWith('on')))
            .map((el) => el.outerHTML),
        ),
      );
      expect(markup, path).toEqual([]);
    }
    // Every vector shows as the text it is.
    const texts: string[] = [];
    for (let p = 1; p <= 4; p++) {
      await page.goto(`${url}/articles/${xssStory.slug}/comments?sort=oldest&page=${p}`);
      texts.push(...(await page.locator('.comment-list > .comment .comment-text').allInnerTexts()));
    }
    expect(texts.length).toBe(XSS_VECTORS.length);
    expect(seen.dialogs).toBe(0);

    // Reaction types: refused, and the refusal page echoes nothing.
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const form = await noJs.newPage();
    const formSeen = await watch(form);
    for (const vector of XSS_VECTORS.slice(0, 10)) {
      await form.goto(`${url}/articles/${xssStory.slug}`);
      await form.$eval('button[data-reaction="like"]', (button, v) => button.setAttribute('value', v), vector);
      await form.locator('button[data-reaction="like"]').click();
      await expect(form.locator('[role="alert"]').innerText()).resolves.toContain('Choose one of: like, love, surprised, sad, angry.');
      expect(await form.locator('main script, main img, main svg, main iframe').count()).toBe(0);
    }
    expect(formSeen.dialogs).toBe(0);
    expect((await built.services.reactions.summary(xssStory.id)).total).toBe(0);
    await noJs.close();
    await context.close();
  });
});
