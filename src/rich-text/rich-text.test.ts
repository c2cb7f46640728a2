import { describe, expect, it } from 'vitest';
import { countWords, extractPlainText, markdownToDocument, readingMinutes, renderDocumentHtml, richTextDocumentSchema } from './index.js';
import type { RichTextDocument } from './index.js';

describe('markdownToDocument', () => {
  it('converts subheads, quotes, lists, tables and inline marks to allowed nodes', () => {
    const doc = markdownToDocument('# Big\n\n### Small\n\nSome **bold**, *italic* and [a link](https://example.com/x).\n\n> Quoted words\n\n1. one\n2. two\n\n| A | B |\n|---|---|\n| 1 | 2 |');
    expect(richTextDocumentSchema.safeParse(doc).success).toBe(true);
    expect(doc.content.map((n) => n.type)).toEqual(['heading', 'heading', 'paragraph', 'blockquote', 'orderedList', 'table']);
    expect(doc.content[0]).toMatchObject({ attrs: { level: 2 } });
    const html = renderDocumentHtml(doc);
    expect(html).toContain('<h2>Big</h2>');
    expect(html).toContain('<h3>Small</h3>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>italic</em>');
    expect(html).toContain('<a href="https://example.com/x" rel="noopener">a link</a>');
    expect(html).toContain('<blockquote><p>Quoted words</p></blockquote>');
    expect(html).toContain('<ol><li>one</li><li>two</li></ol>');
    expect(html).toContain('<thead><tr><th scope="col">A</th><th scope="col">B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody>');
  });

  it('drops raw HTML tags and unsafe link targets but keeps the words', () => {
    const doc = markdownToDocument('Hello <script>alert(1)</script> [click](javascript:alert(1)) <b onmouseover="x">bold</b>');
    const html = renderDocumentHtml(doc);
    expect(html).not.toMatch(/<script|javascript:|onmouseover|<b /);
    expect(html).toContain('click');
  });
});

describe('renderDocumentHtml', () => {
  it('escapes text and attributes', () => {
    const doc: RichTextDocument = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: '<img src=x onerror=alert(1)> & "quotes"' }] },
        { type: 'image', attrs: { src: '/media/a.jpg', alt: '" onload="alert(1)', caption: '<b>cap</b>' } },
      ],
    };
    const html = renderDocumentHtml(doc);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('alt="&quot; onload=&quot;alert(1)"');
    expect(html).toContain('&lt;b&gt;cap&lt;/b&gt;');
  });

  it('renders a link whose URL is unsafe as plain text even if validation was bypassed', () => {
    const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] }] }] } as RichTextDocument;
    expect(renderDocumentHtml(doc)).toBe('<p>x</p>');
  });

  it('renders pull quotes and responsive figures', () => {
    const html = renderDocumentHtml({
      type: 'doc',
      content: [
        { type: 'pullQuote', attrs: { attribution: 'A minister' }, content: [{ type: 'text', text: 'We will build it.' }] },
        { type: 'image', attrs: { src: '/m/a-1280.jpg', alt: 'A river', width: 1280, height: 720, variants: [{ src: '/m/a-640.webp', width: 640, type: 'image/webp' }, { src: '/m/a-640.jpg', width: 640, type: 'image/jpeg' }] } },
      ],
    });
    expect(html).toContain('<figure class="pull-quote"><blockquote><p>We will build it.</p></blockquote><figcaption>A minister</figcaption></figure>');
    expect(html).toContain('<source type="image/webp" srcset="/m/a-640.webp 640w"');
    expect(html).toContain('srcset="/m/a-640.jpg 640w"');
    expect(html).toContain('width="1280" height="720"');
  });
});

describe('richTextDocumentSchema', () => {
  it('refuses unknown node types, unknown attributes and script URLs', () => {
    expect(richTextDocumentSchema.safeParse({ type: 'doc', content: [{ type: 'script', text: 'x' }] }).success).toBe(false);
    expect(richTextDocumentSchema.safeParse({ type: 'doc', content: [{ type: 'paragraph', attrs: { onclick: 'x' } }] }).success).toBe(false);
    expect(richTextDocumentSchema.safeParse({ type: 'doc', content: [{ type: 'image', attrs: { src: 'data:text/html,x', alt: '' } }] }).success).toBe(false);
    expect(richTextDocumentSchema.safeParse({ type: 'doc', content: [{ type: 'heading', attrs: { level: 1 } }] }).success).toBe(false);
  });
});

describe('plain text and reading time', () => {
  it('extracts text block by block and counts words', () => {
    const doc = markdownToDocument('## Title here\n\nOne two three.\n\n- four\n- five');
    expect(extractPlainText(doc)).toBe('Title here\nOne two three.\nfour\nfive');
    expect(countWords("It's a well-known fact, 2026.")).toBe(5);
    expect(readingMinutes(10)).toBe(1);
    expect(readingMinutes(1150)).toBe(5);
  });
});
