import { describe, expect, it } from 'vitest';
import { autoParagraph, convertMobiledoc, convertWordPressContent } from './body-conversion.js';
import { locateJsonError } from './json-position.js';
import { normalizeLegacyPath } from './legacy-paths.js';

describe('WordPress content → document', () => {
  it('paragraphs classic content like wpautop: blank lines → paragraphs, single newlines → breaks', () => {
    const { doc } = convertWordPressContent('First line\nsecond line\n\nSecond paragraph with <em>stress</em>.\n\n<h2>Title</h2>\nAfter');
    expect(doc.content.map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'heading', 'paragraph']);
    expect(doc.content[0]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'First line' }, { type: 'hardBreak' }, { type: 'text', text: 'second line' }] });
    expect(doc.content[1]).toMatchObject({ content: [{ text: 'Second paragraph with ' }, { text: 'stress', marks: [{ type: 'italic' }] }, { text: '.' }] });
  });

  it('leaves <pre> blocks alone when paragraphing', () => {
    expect(autoParagraph('a\n\n<pre>x\n\ny</pre>\n\nb')).toBe('<p>a</p>\n<pre>x\n\ny</pre>\n<p>b</p>');
  });

  it('strips block-editor comments without paragraphing block content', () => {
    const { doc, warnings } = convertWordPressContent('<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:list --><ul><li>a</li><li>b</li></ul><!-- /wp:list -->');
    expect(warnings).toEqual([]);
    expect(doc.content.map((b) => b.type)).toEqual(['paragraph', 'bulletList']);
  });

  it('resolves shortcodes: [caption] keeps picture and text, [embed] becomes a link, [gallery] is dropped with a warning', () => {
    const { doc, warnings } = convertWordPressContent('[caption id="a1" align="alignnone" width="300"]<img src="https://example.org/a.jpg" alt="A cat" /> A cat[/caption]\n\n[gallery ids="1,2,3"]\n\n[embed]https://example.org/video[/embed]\n\nText [1] stays.');
    expect(warnings).toEqual(['removed shortcodes: [gallery]']);
    expect(doc.content).toContainEqual({ type: 'image', attrs: { src: 'https://example.org/a.jpg', alt: 'A cat' } });
    expect(JSON.stringify(doc)).toContain('https://example.org/video');
    expect(JSON.stringify(doc)).toContain('Text [1] stays.');
    expect(JSON.stringify(doc)).not.toContain('gallery');
  });

  it('drops scripts, event handlers and javascript: links, and says so', () => {
    const { doc, warnings } = convertWordPressContent('<p onclick="steal()">Hi <a href="javascript:alert(1)">there</a></p><script>alert(1)</script><iframe src="https://evil.example"></iframe>');
    expect(warnings[0]).toMatch(/dropped unsafe or unsupported markup: script, iframe, event-handler attributes, javascript:\/data: URLs/);
    const json = JSON.stringify(doc);
    expect(json).not.toMatch(/alert|steal|javascript|evil/);
    expect(doc.content).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: 'Hi there' }] }]);
  });
});

describe('Ghost mobiledoc → document', () => {
  it('converts markup sections, lists, markups with links, and the image, markdown, html and hr cards', () => {
    const mobiledoc = {
      version: '0.3.1',
      atoms: [['soft-return', '', {}]],
      markups: [['strong'], ['a', ['href', 'https://ghost.org', 'rel', 'x']]],
      cards: [
        ['image', { src: 'https://example.org/p.jpg', alt: 'Pic', caption: 'Cap' }],
        ['markdown', { markdown: '## From markdown\n\n- one\n- two' }],
        ['html', { html: '<p>Raw <b>html</b></p><script>x()</script>' }],
        ['hr', {}],
        ['unknown-card', {}],
      ],
      sections: [
        [1, 'h2', [[0, [], 0, 'Heading']]],
        [1, 'p', [[0, [0], 1, 'Bold'], [0, [], 0, ' and '], [0, [1], 1, 'a link'], [1, [], 0, 0], [0, [], 0, 'after break']]],
        [3, 'ol', [[[0, [], 0, 'first']], [[0, [], 0, 'second']]]],
        [10, 0],
        [10, 1],
        [10, 2],
        [10, 3],
        [10, 4],
      ],
    };
    const { doc, warnings } = convertMobiledoc(JSON.stringify(mobiledoc));
    expect(doc.content.map((b) => b.type)).toEqual(['heading', 'paragraph', 'orderedList', 'image', 'paragraph', 'heading', 'bulletList', 'paragraph', 'horizontalRule']);
    expect(doc.content[1]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Bold', marks: [{ type: 'bold' }] },
        { type: 'text', text: ' and ' },
        { type: 'text', text: 'a link', marks: [{ type: 'link', attrs: { href: 'https://ghost.org' } }] },
        { type: 'hardBreak' },
        { type: 'text', text: 'after break' },
      ],
    });
    expect(warnings).toContain('dropped unsupported mobiledoc cards: unknown-card');
    expect(warnings.some((w) => w.includes('script'))).toBe(true);
    expect(JSON.stringify(doc)).not.toContain('x()');
  });

  it('refuses a mobiledoc that is not JSON or has no sections', () => {
    expect(() => convertMobiledoc('{nope')).toThrow(/mobiledoc is not JSON/);
    expect(() => convertMobiledoc('{}')).toThrow(/no sections/);
  });
});

describe('helpers', () => {
  it('locates JSON errors by line and column', () => {
    expect(locateJsonError('{\n  "a": 1,\n  "b": tru\n}')).toMatchObject({ line: 3, column: 8 });
    expect(locateJsonError('{"a": [1, 2')).toMatchObject({ line: 1, column: 12, message: expect.stringContaining('end of file') });
  });

  it('normalises old URLs to paths with only the WordPress id parameters', () => {
    expect(normalizeLegacyPath('https://old.example/2013/01/11/hello/')).toBe('/2013/01/11/hello');
    expect(normalizeLegacyPath('/?p=123&utm_source=x')).toBe('/?p=123');
    expect(normalizeLegacyPath('http://old.example/?page_id=4')).toBe('/?page_id=4');
    expect(normalizeLegacyPath('/caf%C3%A9/')).toBe(normalizeLegacyPath('/café'));
    expect(normalizeLegacyPath('https://old.example/')).toBeNull();
    expect(normalizeLegacyPath('javascript:alert(1)')).toBeNull();
  });
});
