import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Liquid } from 'liquidjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installPartialMemo } from './partial-memo.js';
import { createThemeEngine } from './theme-engine.js';

const THEME = join(import.meta.dirname, '../../themes/default');

describe('remembered render-tag output (partial memo)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'broadsheet-memo-'));
    writeFileSync(join(dir, 'page.liquid'), "{% for s in stories %}<li>{% render 'card', story: s, level: 3 %}</li>{% endfor %}");
    writeFileSync(join(dir, 'card.liquid'), "<h{{ level }}>{{ story.headline }}</h{{ level }}>{% render 'pic', image: story.image %}");
    writeFileSync(join(dir, 'pic.liquid'), '{% if image %}<img src="{{ image.src }}" alt="{{ image.alt }}">{% endif %}');
    writeFileSync(join(dir, 'clock.liquid'), "{{ 'now' | date: '%s%L' }}");
    writeFileSync(join(dir, 'uses-clock.liquid'), "{{ x }}{% render 'clock' %}");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const engine = () => {
    const liquid = new Liquid({ root: [dir], extname: '.liquid', cache: true, outputEscape: 'escape', jsTruthy: true });
    return { liquid, memo: installPartialMemo(liquid, { roots: [dir] }) };
  };

  it('gives the same HTML as plain LiquidJS, and a changed story changes its card at once', () => {
    const { liquid, memo } = engine();
    const plain = new Liquid({ root: [dir], extname: '.liquid', cache: true, outputEscape: 'escape', jsTruthy: true });
    const stories = [{ headline: 'One <b>', image: { src: '/a.jpg', alt: 'A' } }, { headline: 'Two', image: null }];
    const expected = plain.renderFileSync('page', { stories }) as string;
    expect(liquid.renderFileSync('page', { stories })).toBe(expected);
    expect(memo.size).toBeGreaterThan(0);
    expect(liquid.renderFileSync('page', { stories })).toBe(expected);
    // An update to a story (its view model) must never show the old card.
    const updated = [{ ...stories[0]!, headline: 'One, corrected' }, stories[1]!];
    expect(liquid.renderFileSync('page', { stories: updated })).toBe(plain.renderFileSync('page', { stories: updated }));
    expect(liquid.renderFileSync('page', { stories: updated })).toContain('One, corrected');
    expect(liquid.renderFileSync('page', { stories: [{ ...stories[0]!, image: { src: '/b.jpg', alt: 'A' } }] })).toContain('/b.jpg');
  });

  it('keeps nothing for partials that depend on the clock, even through another partial', () => {
    const { liquid, memo } = engine();
    writeFileSync(join(dir, 'outer.liquid'), "{% render 'uses-clock', x: 1 %}|{% render 'clock' %}");
    liquid.renderFileSync('outer', {});
    expect(memo.size).toBe(0);
  });

  it('renders arguments that are not plain data as usual, without keeping them', () => {
    const { liquid, memo } = engine();
    class Story {
      constructor(readonly headline: string) {}
    }
    expect(liquid.renderFileSync('page', { stories: [new Story('Drop-like')] })).toBe('<li><h3>Drop-like</h3></li>');
    // Only the nested picture (plain arguments) is kept, not the card given a class instance.
    expect(memo.size).toBe(1);
    expect(liquid.renderFileSync('page', { stories: [new Story('Another')] })).toBe('<li><h3>Another</h3></li>');
  });

  it('is bounded by the characters it keeps', () => {
    const liquid = new Liquid({ root: [dir], extname: '.liquid', cache: true, outputEscape: 'escape' });
    const memo = installPartialMemo(liquid, { roots: [dir], maxChars: 16_000 });
    for (let i = 0; i < 500; i++) liquid.renderFileSync('page', { stories: [{ headline: `Story number ${i}`, image: null }] });
    expect(memo.size).toBeGreaterThan(10);
    expect(memo.size).toBeLessThan(500);
  });
});

describe('theme engine and template edits', () => {
  let themeDir: string;
  beforeEach(() => {
    themeDir = mkdtempSync(join(tmpdir(), 'broadsheet-theme-'));
    for (const name of ['home', 'section', 'article', 'list', 'search', 'page', 'error']) writeFileSync(join(themeDir, `${name}.liquid`), '');
  });
  afterEach(() => rmSync(themeDir, { recursive: true, force: true }));

  it('with cache off (theme development) a partial edit shows on the next render', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(themeDir, 'templates'));
    mkdirSync(join(themeDir, 'partials'));
    for (const name of ['home', 'section', 'article', 'list', 'search', 'page', 'error']) writeFileSync(join(themeDir, 'templates', `${name}.liquid`), "{% render 'card', headline: headline %}");
    writeFileSync(join(themeDir, 'partials', 'card.liquid'), '<h3>{{ headline }}</h3>');
    const theme = createThemeEngine(themeDir, { cache: false });
    expect(await theme.render('home', { headline: 'A' })).toBe('<h3>A</h3>');
    writeFileSync(join(themeDir, 'partials', 'card.liquid'), '<h2 class="edited">{{ headline }}</h2>');
    expect(await theme.render('home', { headline: 'A' })).toBe('<h2 class="edited">A</h2>');
  });

  it('the default theme loads with the memo installed', () => {
    expect(() => createThemeEngine(THEME)).not.toThrow();
  });
});

describe('partial memo keys', () => {
  it('tells apart arguments that render differently, and skips non-finite numbers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broadsheet-memo-keys-'));
    try {
      writeFileSync(join(dir, 'p.liquid'), "{% render 'v', x: x %}");
      writeFileSync(join(dir, 'v.liquid'), '[{{ x }}|{{ x.a }}|{{ x[0] }}]');
      const liquid = new Liquid({ root: [dir], extname: '.liquid', cache: true });
      const plain = new Liquid({ root: [dir], extname: '.liquid', cache: true });
      const memo = installPartialMemo(liquid, { roots: [dir] });
      for (const x of ['1', 1, true, 'true', null, [1, 2], ['1,2'], { a: 1 }, { a: '1' }, [undefined], { a: undefined }, Number.NaN, '', 0, false]) {
        expect(liquid.renderFileSync('p', { x })).toBe(plain.renderFileSync('p', { x }));
      }
      // Again, now from the memo.
      for (const x of ['1', 1, true, 'true', null, [1, 2], ['1,2'], { a: 1 }, { a: '1' }, Number.NaN, '', 0, false]) {
        expect(liquid.renderFileSync('p', { x })).toBe(plain.renderFileSync('p', { x }));
      }
      expect(memo.size).toBeGreaterThan(5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
