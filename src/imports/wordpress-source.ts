import sanitizeHtml from 'sanitize-html';
import { slugify } from '../platform/slug.js';
import { autoParagraph, convertWordPressContent } from './body-conversion.js';
import type { ImportSource, SourceComment, SourceEntry, SourceEvent, SourceTerm } from './import-model.js';
import { readWxr } from './wxr-reader.js';
import type { WxrComment, WxrItem } from './wxr-reader.js';

/** Post types that are not content: menus, revisions, reusable blocks, templates, custom CSS. */
const IMPORTED_TYPES = new Set(['post', 'page']);

/**
 * A WordPress export (WXR 1.0–1.2) as import events. The file is read twice, both times as a
 * stream: first to check it is well-formed and safe and to count its items (nothing is written
 * if that fails), then to import it.
 */
export function wordPressSource(path: string): ImportSource {
  let checked: Promise<number> | undefined;
  const check = (): Promise<number> =>
    (checked ??= (async () => {
      let n = 0;
      for await (const event of readWxr(path)) if (event.type === 'item' && IMPORTED_TYPES.has(event.item.postType)) n++;
      return n;
    })());
  return {
    system: 'wordpress',
    countEntries: check,
    events: async function* () {
      await check();
      yield* wordPressEvents(path);
    },
  };
}

async function* wordPressEvents(path: string): AsyncGenerator<SourceEvent> {
  const categoryParents = new Map<string, string>();
  let siteSent = false;
  for await (const event of readWxr(path)) {
    switch (event.type) {
      case 'site':
        if (!siteSent) {
          siteSent = true;
          yield { type: 'site', site: (event.link || event.baseSiteUrl || event.title || 'wordpress').replace(/\/+$/, '') };
          if (!/^1\.[0-2]$/.test(event.wxrVersion)) {
            yield { type: 'warning', item: { kind: 'file', sourceId: '', title: '', reason: event.wxrVersion ? `unknown WXR version "${event.wxrVersion}"; imported as WXR 1.2` : 'the file names no WXR version (wp:wxr_version); imported as WXR 1.2' } };
          }
        }
        break;
      case 'author':
        yield { type: 'author', author: { sourceId: event.login, slug: event.displayName || event.login, name: event.displayName || event.login, bio: '' } };
        break;
      case 'term':
        if (event.taxonomy === 'category') {
          if (event.parentSlug) categoryParents.set(event.slug, event.parentSlug);
          yield { type: 'term', term: categoryTerm(event.slug, event.name, event.parentSlug, event.description, categoryParents) };
        } else {
          yield { type: 'term', term: tagTerm(event.slug, event.name) };
        }
        break;
      case 'item': {
        const item = event.item;
        const base = { kind: item.postType === 'page' ? 'page' : item.postType === 'post' ? 'article' : item.postType || 'item', sourceId: item.postId, title: item.title };
        if (item.postType === 'attachment') {
          if (item.postId && item.attachmentUrl) yield { type: 'attachment', sourceId: item.postId, url: item.attachmentUrl, alt: item.meta.find((m) => m.key === '_wp_attachment_image_alt')?.value.trim() || item.title };
          break;
        }
        if (!IMPORTED_TYPES.has(item.postType)) {
          yield { type: 'skip', item: { ...base, reason: `post type "${item.postType || '(none)'}" is not imported (line ${event.line})` } };
          break;
        }
        if (!/^\d+$/.test(item.postId)) {
          // Hand-made exports may lack wp:post_id: fall back to the id in the guid or link (?p=19).
          const id = /[?&]p(?:age_id)?=(\d+)/.exec(item.guid)?.[1] ?? /[?&]p(?:age_id)?=(\d+)/.exec(item.link)?.[1];
          if (!id) {
            yield { type: 'skip', item: { ...base, reason: `has no wp:post_id and no ?p= id in its guid or link (line ${event.line})` } };
            break;
          }
          item.postId = id;
        }
        if (item.status === 'trash' || item.status === 'auto-draft' || item.status === 'inherit') {
          yield { type: 'skip', item: { ...base, reason: `status "${item.status}" is not imported` } };
          break;
        }
        yield { type: 'entry', entry: toEntry(item, categoryParents) };
        break;
      }
    }
  }
}

function categoryTerm(slug: string, name: string, parentSlug: string, description: string, parents: Map<string, string>): SourceTerm {
  // The old category URL is /category/parent/child/.
  const chain = [slug];
  for (let p = parentSlug, guard = 0; p && guard < 20; p = parents.get(p) ?? '', guard++) chain.unshift(p);
  return { kind: 'section', sourceId: `category:${slug}`, slug: decodeSlug(slug), name: decodeEntities(name), description: decodeEntities(description), parentSourceId: parentSlug ? `category:${parentSlug}` : null, legacyPaths: [`/category/${chain.join('/')}/`] };
}

function tagTerm(slug: string, name: string): SourceTerm {
  return { kind: 'tag', sourceId: `tag:${slug}`, slug: decodeSlug(slug), name: decodeEntities(name), description: '', parentSourceId: null, legacyPaths: [`/tag/${slug}/`] };
}

function toEntry(item: WxrItem, categoryParents: Map<string, string>): SourceEntry {
  const warnings: string[] = [];
  const kind = item.postType === 'page' ? 'page' : 'article';
  let publishedAt = wpDate(item.postDateGmt);
  if (!publishedAt && item.postDate && item.postDate !== '0000-00-00 00:00:00') {
    publishedAt = wpDate(item.postDate);
    if (publishedAt && item.status === 'publish') warnings.push('no GMT date in the file; the local post date was taken as UTC');
  }
  if (!publishedAt && item.pubDate && item.status === 'publish') {
    const t = Date.parse(item.pubDate);
    if (!Number.isNaN(t)) publishedAt = new Date(t).toISOString();
  }
  let status: SourceEntry['status'] = item.status === 'publish' ? 'published' : item.status === 'future' ? 'scheduled' : 'draft';
  if (item.status === 'private') warnings.push('private post imported as a draft');
  if (item.password) {
    status = 'draft';
    warnings.push('password-protected post imported as a draft');
  }
  if (status === 'scheduled' && !publishedAt) status = 'draft';
  const sections: SourceTerm[] = [];
  const tags: SourceTerm[] = [];
  for (const ref of item.categories) {
    if (!ref.nicename) continue;
    if (ref.domain === 'category') sections.push(categoryTerm(ref.nicename, ref.name || ref.nicename, categoryParents.get(ref.nicename) ?? '', '', categoryParents));
    else if (ref.domain === 'post_tag') tags.push(tagTerm(ref.nicename, ref.name || ref.nicename));
  }
  // Plain RSS <category>Name</category> (no domain): a label, imported as a tag.
  for (const ref of item.categories) if (!ref.domain && !ref.nicename && ref.name) tags.push(tagTerm(slugify(decodeEntities(ref.name), 80), decodeEntities(ref.name)));
  const thumbnail = item.meta.find((m) => m.key === '_thumbnail_id')?.value.trim();
  const legacyPaths = [item.link, kind === 'article' ? `/?p=${item.postId}` : `/?page_id=${item.postId}`];
  if (/[?&](p|page_id)=\d+/.test(item.guid)) legacyPaths.push(item.guid);
  const wantedSlug = decodeSlug(item.postName) || item.title;
  return {
    kind,
    sourceId: item.postId,
    title: decodeEntities(item.title) || (kind === 'article' && item.content.trim() ? `Untitled post ${item.postId}` : ''),
    slug: slugify(wantedSlug, 80) === 'untitled' ? `${kind === 'page' ? 'page' : 'post'}-${item.postId}` : wantedSlug,
    status,
    publishedAt,
    updatedAt: wpDate(item.modifiedGmt) ?? publishedAt,
    dek: plainText(item.excerpt).slice(0, 600),
    seoTitle: null,
    seoDescription: null,
    authorSourceIds: item.creator ? [item.creator] : [],
    sections,
    tags,
    featuredImage: thumbnail && /^\d+$/.test(thumbnail) ? { attachmentId: thumbnail } : null,
    legacyPaths: legacyPaths.filter((p) => p !== ''),
    comments: toComments(item.comments),
    rawBody: item.content,
    convertBody: () => convertWordPressContent(item.content),
    warnings,
  };
}

/** Approved and pending comments (spam and trash are left out); replies point at their top-level ancestor. */
function toComments(comments: WxrComment[]): SourceComment[] {
  const parents = new Map(comments.map((c) => [c.id, c.parent]));
  const kept = comments.filter((c) => /^\d+$/.test(c.id) && (c.approved === '1' || c.approved === '0'));
  const keptIds = new Set(kept.map((c) => c.id));
  return kept.map((c) => {
    let root = c.parent && c.parent !== '0' ? c.parent : null;
    for (let guard = 0; root && guard < 100; guard++) {
      const up = parents.get(root);
      if (!up || up === '0') break;
      root = up;
    }
    if (root === c.id || (root && !keptIds.has(root))) root = null;
    return {
      sourceId: c.id,
      parentSourceId: root,
      authorName: decodeEntities(c.author).slice(0, 200) || 'Anonymous',
      authorUrl: /^https?:\/\/\S+$/i.test(c.authorUrl) && c.authorUrl.length <= 2048 ? c.authorUrl : null,
      body: plainText(autoParagraph(c.content)).slice(0, 20_000) || '(empty)',
      status: c.approved === '1' ? 'approved' : 'pending',
      createdAt: wpDate(c.dateGmt) ?? wpDate(c.date) ?? new Date(0).toISOString(),
    };
  });
}

/** "2013-01-11 20:22:19" (GMT) → ISO; null for empty and "0000-00-00 00:00:00". */
function wpDate(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m || m[1] === '0000') return null;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function decodeSlug(slug: string): string {
  try {
    return decodeURIComponent(slug);
  } catch {
    return slug;
  }
}

/** HTML → plain text, paragraphs separated by blank lines. */
export function plainText(html: string): string {
  const withBreaks = html.replace(/<\/(p|div|li|h[1-6]|blockquote)>/gi, '\n\n').replace(/<br\s*\/?>/gi, '\n');
  return decodeEntities(sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} }))
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n\s*/g, '\n\n')
    .trim();
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp|#8217|hellip);/gi, (entity, name: string) => {
    const lower = name.toLowerCase();
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : lower.startsWith('#') ? parseInt(lower.slice(1), 10) : NaN;
    if (!Number.isNaN(code)) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '…' } as Record<string, string>)[lower] ?? entity;
  });
}
