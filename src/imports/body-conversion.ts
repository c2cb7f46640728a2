import { marked } from 'marked';
import { escapeHtml, htmlToDocument } from '../rich-text/index.js';
import type { RichTextDocument } from '../rich-text/index.js';

/** A converted body and what was dropped or changed on the way. */
export interface ConvertedBody {
  doc: RichTextDocument;
  warnings: string[];
}

const UNSAFE = [
  { pattern: /<script\b/i, label: 'script' },
  { pattern: /<style\b/i, label: 'style' },
  { pattern: /<iframe\b/i, label: 'iframe' },
  { pattern: /<(object|embed|applet)\b/i, label: 'object/embed' },
  { pattern: /<form\b/i, label: 'form' },
  { pattern: /<(video|audio)\b/i, label: 'video/audio' },
  { pattern: /<[a-z][^>]*\son[a-z]+\s*=/i, label: 'event-handler attributes' },
  { pattern: /(?:href|src)\s*=\s*["']?\s*(?:javascript|vbscript|data):/i, label: 'javascript:/data: URLs' },
];

/**
 * Imported HTML → the stored document. The rich-text module's converter does the sanitising
 * (allowlist: p, h2–h3, lists, blockquote, table, a, em/strong, img, hr, code; everything else
 * is dropped, keeping plain text); this adds a warning naming each kind of unsafe or
 * unsupported markup that was there, so the report says what was lost.
 */
export function convertHtml(html: string): ConvertedBody {
  const warnings: string[] = [];
  const found = UNSAFE.filter((u) => u.pattern.test(html)).map((u) => u.label);
  if (found.length > 0) warnings.push(`dropped unsafe or unsupported markup: ${found.join(', ')}`);
  return { doc: htmlToDocument(html), warnings };
}

// ---------------------------------------------------------------- WordPress

const BLOCK_START = /^<(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|script|iframe|img|video|audio)\b/i;
/** Shortcodes whose content is kept (caption text, quotes); the rest are removed with a warning. */
const KEEP_CONTENT = new Set(['caption', 'wp_caption', 'quote', 'pullquote', 'column', 'columns', 'one_half', 'one_third', 'two_thirds']);

/**
 * WordPress `content:encoded` → document: block-editor comments (`<!-- wp:… -->`) removed,
 * shortcodes resolved ([caption] keeps its picture and text, [embed]URL becomes a link, others
 * are dropped with a warning), classic content paragraphed like wpautop (blank lines →
 * paragraphs, single newlines → line breaks), then sanitised.
 */
export function convertWordPressContent(content: string): ConvertedBody {
  const warnings: string[] = [];
  let html = content.replace(/\r\n?/g, '\n');
  const isBlockEditor = /<!--\s*wp:/.test(html);
  html = html.replace(/<!--[\s\S]*?-->/g, '');
  const { text, dropped } = stripShortcodes(html);
  html = text;
  if (dropped.length > 0) warnings.push(`removed shortcodes: ${[...new Set(dropped)].map((n) => `[${n}]`).join(', ')}`);
  if (!isBlockEditor) html = autoParagraph(html);
  const converted = convertHtml(html);
  return { doc: converted.doc, warnings: [...warnings, ...converted.warnings] };
}

function stripShortcodes(html: string): { text: string; dropped: string[] } {
  const dropped: string[] = [];
  // Paired shortcodes, innermost first: [name attrs]inner[/name].
  let text = html;
  for (let pass = 0; pass < 5; pass++) {
    const next = text.replace(/\[([a-z][a-z0-9_-]*)(\s[^\]]*)?\]((?:(?!\[\1[\s\]])[\s\S])*?)\[\/\1\]/gi, (_m, name: string, _attrs: string | undefined, inner: string) => {
      const lower = name.toLowerCase();
      if (KEEP_CONTENT.has(lower)) return inner;
      if (lower === 'embed') {
        const url = inner.trim();
        return /^https?:\/\/\S+$/.test(url) ? `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>` : '';
      }
      if (lower === 'code' || lower === 'sourcecode') return `<pre><code>${inner}</code></pre>`;
      dropped.push(lower);
      return '';
    });
    if (next === text) break;
    text = next;
  }
  // Self-closing shortcodes: [gallery ids="1,2"], [audio src="…"], [contact-form-7 id="3"].
  text = text.replace(/\[([a-z][a-z0-9_-]*)((?:\s+[a-z0-9_-]+=(?:"[^"\]]*"|'[^'\]]*'|[^\s\]]+))*)\s*\/?\]/gi, (match, name: string, attrs: string) => {
    const lower = name.toLowerCase();
    if (!attrs && !KNOWN_SELF_CLOSING.has(lower)) return match;
    dropped.push(lower);
    return '';
  });
  return { text, dropped };
}

const KNOWN_SELF_CLOSING = new Set(['gallery', 'audio', 'video', 'playlist', 'embed', 'caption', 'wp_caption', 'contact-form', 'contact-form-7', 'more', 'nextpage', 'toc']);

/** A small wpautop: blank-line separated chunks that are not already block markup become paragraphs. */
export function autoParagraph(html: string): string {
  if (html.trim() === '') return '';
  // Keep <pre> blocks intact; they must not get <br>s.
  const pres: string[] = [];
  let text = html.replace(/<pre[\s>][\s\S]*?<\/pre>/gi, (m) => `\n\n<pre data-autop="${pres.push(m) - 1}"></pre>\n\n`);
  // Block tags on their own lines so chunks split around them.
  text = text.replace(/(<\/?(?:table|thead|tbody|tfoot|tr|ul|ol|li|blockquote|h[1-6]|div|figure|figcaption|hr|dl|section)\b[^>]*>)/gi, '\n\n$1\n\n');
  const chunks = text.split(/\n\s*\n/).map((c) => c.trim()).filter((c) => c !== '');
  const out = chunks.map((chunk) => {
    if (BLOCK_START.test(chunk) || /^<\//.test(chunk)) return chunk;
    return `<p>${chunk.replace(/\s*\n\s*/g, '<br>')}</p>`;
  });
  return out.join('\n').replace(/<pre data-autop="(\d+)"><\/pre>/g, (_m, i: string) => pres[Number(i)] ?? '');
}

// ---------------------------------------------------------------- Ghost mobiledoc

type Marker = [number, number[], number, unknown];

/**
 * Ghost mobiledoc (0.3.x) → HTML → document: markup sections (p, h1–h6, blockquote, aside),
 * list sections, image sections, and the cards image, markdown (and card-markdown), html, hr,
 * code and embed (embeds become a link to their URL). Unknown cards and atoms are dropped with
 * a warning. Text is escaped here; the sanitiser runs on the result like on any other HTML.
 */
export function convertMobiledoc(source: string | object): ConvertedBody {
  const warnings: string[] = [];
  let mobiledoc: Record<string, unknown>;
  try {
    mobiledoc = (typeof source === 'string' ? JSON.parse(source) : source) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`mobiledoc is not JSON (${(error as Error).message})`);
  }
  if (!mobiledoc || typeof mobiledoc !== 'object' || !Array.isArray(mobiledoc.sections)) throw new Error('mobiledoc has no sections array');
  const markups = (Array.isArray(mobiledoc.markups) ? mobiledoc.markups : []) as [string, unknown[]?][];
  const atoms = (Array.isArray(mobiledoc.atoms) ? mobiledoc.atoms : []) as [string, string, unknown][];
  const cards = (Array.isArray(mobiledoc.cards) ? mobiledoc.cards : []) as [string, Record<string, unknown>][];
  const droppedCards = new Set<string>();

  const renderMarkers = (markers: unknown): string => {
    if (!Array.isArray(markers)) return '';
    let html = '';
    const open: string[] = [];
    for (const marker of markers as Marker[]) {
      if (!Array.isArray(marker)) continue;
      const [kind, opens, closes, value] = marker;
      for (const index of Array.isArray(opens) ? opens : []) {
        const markup = markups[index];
        if (!markup) continue;
        const tag = String(markup[0]).toLowerCase();
        const attrs = Array.isArray(markup[1]) ? markup[1] : [];
        let attrText = '';
        for (let i = 0; i + 1 < attrs.length; i += 2) if (String(attrs[i]) === 'href') attrText += ` href="${escapeHtml(String(attrs[i + 1]))}"`;
        html += `<${tag}${attrText}>`;
        open.push(tag);
      }
      if (kind === 1) {
        const atom = atoms[Number(value)];
        if (atom?.[0] === 'soft-return') html += '<br>';
        else if (atom) html += escapeHtml(String(atom[1] ?? ''));
      } else html += escapeHtml(String(value ?? ''));
      for (let i = 0; i < (Number(closes) || 0); i++) {
        const tag = open.pop();
        if (tag) html += `</${tag}>`;
      }
    }
    while (open.length > 0) html += `</${open.pop()}>`;
    return html;
  };

  const renderCard = (index: number): string => {
    const card = cards[index];
    if (!card) return '';
    const [name, payload = {}] = card;
    const str = (key: string): string => (typeof payload[key] === 'string' ? (payload[key] as string) : '');
    switch (name) {
      case 'image': {
        const src = str('src');
        if (!src) return '';
        const caption = str('caption');
        return `<figure><img src="${escapeHtml(src)}" alt="${escapeHtml(str('alt'))}">${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
      }
      case 'markdown':
      case 'card-markdown':
        return marked.parse(str('markdown'), { async: false });
      case 'html':
        return str('html');
      case 'hr':
        return '<hr>';
      case 'code':
        return `<pre><code>${escapeHtml(str('code'))}</code></pre>`;
      case 'embed':
      case 'bookmark': {
        const url = str('url');
        return /^https?:\/\//.test(url) ? `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>` : '';
      }
      default:
        droppedCards.add(name);
        return '';
    }
  };

  let html = '';
  for (const section of mobiledoc.sections as unknown[][]) {
    if (!Array.isArray(section)) continue;
    const type = section[0];
    if (type === 1) {
      const tag = String(section[1]).toLowerCase();
      const safeTag = /^(p|h[1-6]|blockquote|aside|pull-quote)$/.test(tag) ? (tag === 'aside' || tag === 'pull-quote' ? 'blockquote' : tag) : 'p';
      html += `<${safeTag}>${renderMarkers(section[2])}</${safeTag}>\n`;
    } else if (type === 2) {
      html += `<p><img src="${escapeHtml(String(section[1] ?? ''))}" alt=""></p>\n`;
    } else if (type === 3) {
      const tag = String(section[1]).toLowerCase() === 'ol' ? 'ol' : 'ul';
      const items = Array.isArray(section[2]) ? (section[2] as unknown[]) : [];
      html += `<${tag}>${items.map((item) => `<li>${renderMarkers(item)}</li>`).join('')}</${tag}>\n`;
    } else if (type === 10) {
      html += `${renderCard(Number(section[1]))}\n`;
    }
  }
  const converted = convertHtml(html);
  const warnings2 = droppedCards.size > 0 ? [`dropped unsupported mobiledoc cards: ${[...droppedCards].join(', ')}`] : [];
  return { doc: converted.doc, warnings: [...warnings, ...warnings2, ...converted.warnings] };
}
