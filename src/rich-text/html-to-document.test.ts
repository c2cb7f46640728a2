import { describe, expect, it } from 'vitest';
import { htmlToDocument } from './html-to-document.js';
import { renderDocumentHtml, richTextDocumentSchema } from './index.js';

describe('htmlToDocument', () => {
  it('maps allowed tags to document nodes and marks', () => {
    const doc = htmlToDocument(
      '<h1>Big</h1><h4>Small</h4><p>Some <b>bold</b>, <i>italic</i>, <s>gone</s>, <u>under</u>, <code>x()</code> and <a href="https://example.com/x">a link</a>.<br>Next line</p>' +
        '<blockquote><p>Quoted</p></blockquote><ol start="3"><li>three</li><li>four</li></ol><ul><li><p>dot</p></li></ul>' +
        '<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table><hr><img src="/media/a.jpg" alt="A river">',
    );
    expect(richTextDocumentSchema.safeParse(doc).success).toBe(true);
    expect(doc.content.map((n) => n.type)).toEqual(['heading', 'heading', 'paragraph', 'blockquote', 'orderedList', 'bulletList', 'table', 'horizontalRule', 'image']);
    expect(doc.content[0]).toEqual({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Big' }] });
    expect(doc.content[1]).toMatchObject({ attrs: { level: 3 } });
    expect(doc.content[4]).toMatchObject({ type: 'orderedList', attrs: { start: 3 } });
    expect(doc.content[8]).toEqual({ type: 'image', attrs: { src: '/media/a.jpg', alt: 'A river' } });
    const html = renderDocumentHtml(doc);
    for (const part of ['<strong>bold</strong>', '<em>italic</em>', '<s>gone</s>', '<u>under</u>', '<code>x()</code>', '<a href="https://example.com/x" rel="noopener">a link</a>', '<br>']) {
      expect(html).toContain(part);
    }
  });

  it('removes scripts, event handlers and unsafe URLs but keeps ordinary words', () => {
    const doc = htmlToDocument(
      '<p onclick="steal()">Hello <script>alert(1)</script><a href="javascript:alert(1)">click</a> <img src=x onerror=alert(1)>' +
        '<iframe src="https://evil.example"></iframe><style>p{}</style><span style="color:red">red</span> &lt;b&gt;</p>' +
        '<svg><script>alert(2)</script></svg><img src="data:text/html,x" alt="d">',
    );
    expect(richTextDocumentSchema.safeParse(doc).success).toBe(true);
    expect(doc).toEqual({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hello click red <b>' }] }] });
    const html = renderDocumentHtml(doc);
    expect(html).not.toMatch(/<script|javascript:|onerror|onclick|<iframe|<img|<b>/);
    expect(html).toContain('&lt;b&gt;');
  });

  it('wraps loose text in paragraphs, collapses whitespace and lifts inline images out of paragraphs', () => {
    const doc = htmlToDocument('<div>Loose   text\n here</div><p>Before <img src="https://cdn.example/p.jpg" alt=""> after</p><p>   </p>');
    expect(doc.content).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'Loose text here' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Before' }] },
      { type: 'image', attrs: { src: 'https://cdn.example/p.jpg', alt: '' } },
      { type: 'paragraph', content: [{ type: 'text', text: 'after' }] },
    ]);
  });

  it('does not repeat a mark when tags nest', () => {
    const doc = htmlToDocument('<p><b><strong>twice</strong></b></p>');
    expect(doc.content[0]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'twice', marks: [{ type: 'bold' }] }] });
  });
});
