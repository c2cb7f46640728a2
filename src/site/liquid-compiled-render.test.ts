import { describe, expect, it } from 'vitest';
import { Drop, Liquid } from 'liquidjs';
import type { LiquidOptions } from 'liquidjs';
import { installCompiledRendering } from './liquid-compiled-render.js';

// The translated renderer must give exactly what LiquidJS gives: every case renders through a
// plain LiquidJS engine and through one with the translation installed, and the two must agree
// (output, or error message).

class CounterDrop extends Drop {
  calls = 0;
  title(): string {
    this.calls++;
    return `Counted <${this.calls}>`;
  }
  override liquidMethodMissing(key: string): string {
    return `missing:${key}`;
  }
}

class Inherited {
  own = 'own';
}
(Inherited.prototype as unknown as Record<string, string>).inherited = 'from the prototype';

const partials: Record<string, string> = {
  card: '<b>{{ story.headline }}</b>{% if level %}<h{{ level }}>{% endif %}{% for a in story.authors %}{{ a }}{% unless forloop.last %}, {% endunless %}{% endfor %}',
  layout: '<main>{% block main %}default{% endblock %}</main><footer>{% block foot %}{{ site }}{% endblock %}</footer>',
  page: '{% layout "layout" %}{% block main %}{% for s in stories %}{% render "card", story: s, level: 2 %}{% endfor %}{% endblock %}',
  inc: '[{{ x }}:{{ shared }}]',
};

const data = () => ({
  site: 'The <Gazette>',
  s: 'abcdef',
  n: 7,
  zero: 0,
  empty: '',
  nothing: null,
  flag: true,
  off: false,
  html: '<em>raw</em>',
  list: [{ name: 'b', on: true }, { name: 'a', on: false }, { name: 'c', on: true }],
  words: ['x', 'y', 'z'],
  none: [] as unknown[],
  nested: { a: { b: { c: 'deep' } }, key: 'a' },
  obj: { one: 1, two: 2 },
  date: '2026-05-01T06:00:00Z',
  drop: new CounterDrop(),
  inherited: new Inherited(),
  fn: { value: () => 'called' },
  stories: [
    { headline: 'First & best', authors: ['Ann', 'Bo'] },
    { headline: 'Second', authors: [] },
  ],
});

const CASES: string[] = [
  // outputs and filters
  '{{ site }} {{ s | upcase }} {{ s | truncate: 4, "…" }} {{ n | plus: 2 | times: 3 }}',
  '{{ words | join: ", " }} {{ list | map: "name" | join: "," }} {{ list | where: "on", true | size }}',
  '{{ missing | default: "fallback" }} {{ empty | default: "e" }} {{ zero | default: 5 }} {{ nothing }}',
  '{{ html }} {{ html | raw }} {{ "<b>" }} {{ \'q"uote\' }} {{ 3.5 }} {{ true }} {{ nil }}',
  '{{ words.size }} {{ words.first }} {{ words.last }} {{ words[1] }} {{ list[0].name }} {{ "abc".size }}',
  '{{ nested.a.b.c }} {{ nested[nested.key].b.c }} {{ nested.missing.deep }} {{ obj }} {{ words }}',
  '{{ date | date: "%Y-%m-%d %H:%M" }} {{ s | slice: 1, 3 }} {{ s | replace_first: "a", "Z" }}',
  '{{ drop.title }} {{ drop.title }} {{ drop.unknown }} {{ inherited.own }}|{{ inherited.inherited }}| {{ fn.value }}',
  '{{ list | sort: "name" | map: "name" | join }} {{ words | reverse | join: "" }} {{ s | split: "c" | last }}',
  // conditions
  '{% if flag %}yes{% endif %}{% if off %}no{% elsif n > 5 %}big{% else %}small{% endif %}',
  '{% if flag and off %}A{% endif %}{% if flag or off %}B{% endif %}{% if not off %}C{% endif %}{% if flag and n == 7 or off %}D{% endif %}',
  '{% if s contains "cd" %}1{% endif %}{% if words contains "y" %}2{% endif %}{% if n != 7 %}3{% endif %}{% if n >= 7 and n <= 7 %}4{% endif %}',
  '{% if none == empty %}E{% endif %}{% if empty == blank %}B{% endif %}{% if nothing == nil %}N{% endif %}{% if list.size > 2 %}S{% endif %}',
  '{% if zero %}js-truthy-zero{% else %}falsy-zero{% endif %}{% if empty %}x{% else %}falsy-empty{% endif %}{% if none %}arr{% endif %}',
  '{% unless flag %}U1{% elsif n %}U2{% else %}U3{% endunless %}{% unless off %}U4{% endunless %}',
  '{% case n %}{% when 1 %}one{% when 7, 8 %}seven{% else %}other{% endcase %}',
  // loops
  '{% for w in words %}{{ forloop.index }}/{{ forloop.index0 }}/{{ forloop.rindex }}/{{ forloop.rindex0 }}/{{ forloop.length }}{% if forloop.first %}F{% endif %}{% if forloop.last %}L{% endif %}={{ w }};{% endfor %}',
  '{% for w in none %}never{% else %}empty-list{% endfor %}{% for w in missing %}x{% else %}missing-list{% endfor %}',
  '{% for w in words %}{% if w == "y" %}{% continue %}{% endif %}{{ w }}{% endfor %}|{% for w in words %}{% if w == "y" %}{% break %}{% endif %}{{ w }}{% endfor %}',
  '{% for w in words limit: 2 %}{{ w }}{% endfor %}|{% for w in words offset: 1 %}{{ w }}{% endfor %}|{% for w in words reversed %}{{ w }}{% endfor %}',
  '{% for w in words limit: 1 %}{{ w }}{% endfor %}{% for w in words offset: continue %}{{ w }}{% endfor %}',
  '{% for pair in obj %}{{ pair[0] }}={{ pair[1] }};{% endfor %}|{% for c in s %}{{ c }}{% endfor %}|{% for i in (1..3) %}{{ i }}{% endfor %}',
  '{% for a in words %}{% for b in words %}{{ a }}{{ b }}{{ forloop.index }}{% endfor %}{{ forloop.index }} {% endfor %}',
  '{% for w in words %}{{ forloop }}{% endfor %}',
  '{% for w in words %}{% assign last = w %}{% endfor %}{{ last }}{{ w }}',
  // assignment, capture, other tags
  '{% assign x = s | upcase %}{{ x }}{% assign y = n | plus: 1 %}{{ y }}{% capture c %}[{{ x }}]{% endcapture %}{{ c }}',
  '{% raw %}{{ not rendered }}{% endraw %}{% comment %}gone {{ s }}{% endcomment %}{% # inline comment %}{% echo s | size %}',
  '{% liquid\n  assign z = words | join: "-"\n  echo z\n%}{% increment k %}{% increment k %}{% cycle "a", "b" %}{% cycle "a", "b" %}',
  '  {%- if flag -%}  trimmed  {%- endif -%}  |{{- s -}}|  ',
  // partials, layouts
  '{% render "card", story: stories[0], level: 3 %}{% render "card" for stories as story %}{% render "card" with stories[1] as story %}',
  '{% assign shared = "S" %}{% include "inc", x: 1 %}{% render "inc", x: 2 %}',
  '{% layout "layout" %}{% block main %}M:{{ s }}{% endblock %}',
  '{% render "page", stories: stories, site: site %}',
];

const ERROR_CASES = ['{{ s | no_such_filter }}', '{% for %}', '{% for w in words %}{{ w | boom }}{% endfor %}', '{% render "absent" %}'];

function engines(options: LiquidOptions = {}): [Liquid, Liquid] {
  const make = () => new Liquid({ outputEscape: 'escape', strictFilters: true, jsTruthy: true, greedy: false, templates: partials, cache: true, ...options });
  const plain = make();
  const compiled = make();
  for (const liquid of [plain, compiled]) liquid.registerFilter('boom', (value: unknown) => {
    throw new Error(`boom at ${String(value)}`);
  });
  installCompiledRendering(compiled);
  return [plain, compiled];
}

function outcome(liquid: Liquid, source: string, scope: object): { html?: string; error?: string } {
  try {
    return { html: liquid.parseAndRenderSync(source, scope) as string };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('compiled Liquid rendering', () => {
  it.each(CASES)('renders %s exactly as LiquidJS does', (source) => {
    const [plain, compiled] = engines();
    const expected = outcome(plain, source, data());
    expect(expected.error).toBeUndefined();
    expect(outcome(compiled, source, data())).toEqual(expected);
  });

  it('agrees with LiquidJS without jsTruthy and without output escaping', () => {
    const [plain, compiled] = engines({ jsTruthy: false, outputEscape: undefined });
    for (const source of CASES) expect(outcome(compiled, source, data())).toEqual(outcome(plain, source, data()));
  });

  it.each(ERROR_CASES)('fails on %s with LiquidJS’s error', (source) => {
    const [plain, compiled] = engines();
    const expected = outcome(plain, source, data());
    expect(expected.error).toBeDefined();
    expect(outcome(compiled, source, data())).toEqual(expected);
  });

  it('takes the translated path (a translated render never calls LiquidJS’s node renderers)', () => {
    const [, compiled] = engines();
    const template = compiled.parse('{% for w in words %}{% if w %}{{ w | upcase }}{% endif %}{% endfor %}');
    const calls: string[] = [];
    for (const tpl of template) {
      const original = tpl.render.bind(tpl);
      tpl.render = (...args) => {
        calls.push(tpl.constructor.name);
        return original(...args);
      };
    }
    expect(compiled.renderSync(template, data())).toBe('XYZ');
    expect(calls).toEqual([]);
  });

  it('keeps LiquidJS’s own path for async rendering and strict variables', async () => {
    const [plain, compiled] = engines();
    for (const source of CASES) expect(await compiled.parseAndRender(source, data())).toBe(await plain.parseAndRender(source, data()));
    expect(() => compiled.parseAndRenderSync('{{ missing.x }}', data(), { strictVariables: true })).toThrow(/undefined variable: missing/);
  });
});
