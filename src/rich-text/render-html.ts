import { escapeHtml } from './escape-html.js';
import { isSafeUrl } from './rich-text-schema.js';
import type { BlockNode, ImageAttrs, InlineNode, RichTextDocument } from './rich-text-schema.js';

/**
 * Renders a stored document to HTML. Every text and attribute is escaped and every URL is
 * checked again, so a document that slipped past validation still renders inert.
 */
export function renderDocumentHtml(doc: RichTextDocument): string {
  return doc.content.map(renderBlock).join('\n');
}

function renderBlock(node: BlockNode): string {
  switch (node.type) {
    case 'paragraph':
      return `<p>${renderInline(node.content)}</p>`;
    case 'heading': {
      const tag = node.attrs.level === 3 ? 'h3' : 'h2';
      return `<${tag}>${renderInline(node.content)}</${tag}>`;
    }
    case 'blockquote':
      return `<blockquote>${node.content.map(renderBlock).join('')}</blockquote>`;
    case 'pullQuote': {
      const attribution = node.attrs?.attribution;
      const cite = attribution ? `<figcaption>${escapeHtml(attribution)}</figcaption>` : '';
      return `<figure class="pull-quote"><blockquote><p>${renderInline(node.content)}</p></blockquote>${cite}</figure>`;
    }
    case 'bulletList':
      return `<ul>${node.content.map((item) => `<li>${item.content.map(renderListChild).join('')}</li>`).join('')}</ul>`;
    case 'orderedList': {
      const start = node.attrs?.start;
      const startAttr = start !== undefined && start !== 1 ? ` start="${start}"` : '';
      return `<ol${startAttr}>${node.content.map((item) => `<li>${item.content.map(renderListChild).join('')}</li>`).join('')}</ol>`;
    }
    case 'table':
      return renderTable(node.content);
    case 'image':
      return renderFigure(node.attrs);
    case 'horizontalRule':
      return '<hr>';
  }
}

// A list item's single paragraph renders without <p> to keep tight lists tight.
function renderListChild(node: BlockNode): string {
  return node.type === 'paragraph' ? renderInline(node.content) : renderBlock(node);
}

function renderTable(rows: Extract<BlockNode, { type: 'table' }>['content']): string {
  const [first, ...rest] = rows;
  if (!first) return '';
  const isHeaderRow = first.content.every((cell) => cell.type === 'tableHeader');
  const renderRow = (row: typeof first): string =>
    `<tr>${row.content
      .map((cell) => {
        const tag = cell.type === 'tableHeader' ? 'th' : 'td';
        const scope = tag === 'th' ? ' scope="col"' : '';
        return `<${tag}${scope}>${cell.content.map(renderListChild).join('')}</${tag}>`;
      })
      .join('')}</tr>`;
  const head = isHeaderRow ? `<thead>${renderRow(first)}</thead>` : '';
  const bodyRows = isHeaderRow ? rest : rows;
  // A wide table scrolls sideways; keyboard users need to focus the region to scroll it.
  return `<div class="table-wrap" role="region" aria-label="Table" tabindex="0"><table>${head}<tbody>${bodyRows.map(renderRow).join('')}</tbody></table></div>`;
}

/** Renders an image as a figure with responsive sources, caption and credit. */
export function renderFigure(image: ImageAttrs, options: { className?: string; sizes?: string; eager?: boolean } = {}): string {
  if (!isSafeUrl(image.src)) return '';
  const size = image.width && image.height ? ` width="${image.width}" height="${image.height}"` : '';
  const sizes = options.sizes ?? '(min-width: 48rem) 42rem, 100vw';
  const loading = options.eager ? ' fetchpriority="high"' : ' loading="lazy" decoding="async"';
  const variants = (image.variants ?? []).filter((v) => isSafeUrl(v.src));
  const sources = ['image/avif', 'image/webp']
    .map((type) => {
      const set = variants.filter((v) => v.type === type);
      if (set.length === 0) return '';
      return `<source type="${type}" srcset="${set.map((v) => `${escapeHtml(v.src)} ${v.width}w`).join(', ')}" sizes="${sizes}">`;
    })
    .join('');
  const fallback = variants.filter((v) => v.type === 'image/jpeg' || v.type === 'image/png');
  const srcset = fallback.length > 0 ? ` srcset="${fallback.map((v) => `${escapeHtml(v.src)} ${v.width}w`).join(', ')}" sizes="${sizes}"` : '';
  const img = `<img src="${escapeHtml(image.src)}"${srcset} alt="${escapeHtml(image.alt)}"${size}${loading}>`;
  const caption = image.caption || image.credit
    ? `<figcaption>${image.caption ? `<span class="caption">${escapeHtml(image.caption)}</span>` : ''}${image.credit ? ` <span class="credit">${escapeHtml(image.credit)}</span>` : ''}</figcaption>`
    : '';
  const className = options.className ?? 'figure';
  return `<figure class="${className}"><picture>${sources}${img}</picture>${caption}</figure>`;
}

function renderInline(nodes: InlineNode[] | undefined): string {
  if (!nodes) return '';
  let html = '';
  for (const node of nodes) {
    if (node.type === 'hardBreak') {
      html += '<br>';
      continue;
    }
    let text = escapeHtml(node.text);
    for (const mark of node.marks ?? []) {
      switch (mark.type) {
        case 'bold':
          text = `<strong>${text}</strong>`;
          break;
        case 'italic':
          text = `<em>${text}</em>`;
          break;
        case 'strike':
          text = `<s>${text}</s>`;
          break;
        case 'underline':
          text = `<u>${text}</u>`;
          break;
        case 'code':
          text = `<code>${text}</code>`;
          break;
        case 'link':
          if (isSafeUrl(mark.attrs.href)) {
            const external = /^https?:/i.test(mark.attrs.href) ? ' rel="noopener"' : '';
            text = `<a href="${escapeHtml(mark.attrs.href)}"${external}>${text}</a>`;
          }
          break;
      }
    }
    html += text;
  }
  return html;
}
