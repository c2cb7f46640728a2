import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { SaxesParser } from 'saxes';
import type { SaxesTagNS } from 'saxes';
import { importErrors } from './import-errors.js';

/** Things a WXR (WordPress eXtended RSS) file holds, in file order. */
export type WxrEvent =
  | { type: 'site'; title: string; link: string; baseSiteUrl: string; wxrVersion: string }
  | { type: 'author'; login: string; displayName: string; id: string }
  | { type: 'term'; taxonomy: 'category' | 'post_tag'; slug: string; name: string; parentSlug: string; id: string; description: string }
  | { type: 'item'; item: WxrItem; line: number };

export interface WxrCategoryRef {
  domain: string;
  nicename: string;
  name: string;
}

export interface WxrComment {
  id: string;
  author: string;
  authorUrl: string;
  dateGmt: string;
  date: string;
  content: string;
  approved: string;
  type: string;
  parent: string;
}

export interface WxrItem {
  title: string;
  link: string;
  guid: string;
  pubDate: string;
  creator: string;
  content: string;
  excerpt: string;
  postId: string;
  postDate: string;
  postDateGmt: string;
  modifiedGmt: string;
  postName: string;
  status: string;
  postType: string;
  postParent: string;
  password: string;
  attachmentUrl: string;
  categories: WxrCategoryRef[];
  meta: { key: string; value: string }[];
  comments: WxrComment[];
}

/** Largest text of one field (a post body is rarely over 1 MB); larger ones stop the import. */
const MAX_FIELD_CHARS = 16 * 1024 * 1024;
/** Events waiting for the consumer before the file stream pauses (constant memory). */
const HIGH_WATER = 64;
const LOW_WATER = 8;

const NS = {
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
};

/** "wp:post_id", "content:encoded", "excerpt:encoded", "dc:creator" or a bare RSS name; null for foreign namespaces. */
function fieldName(tag: SaxesTagNS): string | null {
  const uri = tag.uri;
  if (uri === '') return tag.local;
  if (/^https?:\/\/wordpress\.org\/export\/[0-9.]+\/excerpt\/$/.test(uri)) return `excerpt:${tag.local}`;
  if (/^https?:\/\/wordpress\.org\/export\/[0-9.]+\/$/.test(uri)) return `wp:${tag.local}`;
  if (uri === NS.content) return `content:${tag.local}`;
  if (uri === NS.dc) return `dc:${tag.local}`;
  return null;
}

interface Frame {
  name: string | null;
  attrs: Record<string, string>;
  text: string;
}

/**
 * Streams a WXR file with saxes and yields its site info, authors, terms and items one by one,
 * pausing the file while the consumer is busy, so memory stays constant whatever the file's
 * size. External entities are never resolved (saxes has no DTD support); a DOCTYPE that
 * declares entities or points at an external DTD is refused outright, as is anything not
 * well-formed, with the file name, line and column in the error.
 */
export async function* readWxr(path: string): AsyncGenerator<WxrEvent> {
  const fileName = basename(path);
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  const parser = new SaxesParser({ xmlns: true, position: true, fileName });
  const queue: WxrEvent[] = [];
  let failure: Error | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const fail = (message: string): never => {
    throw importErrors.badFile(`${fileName}:${parser.line}:${parser.column + 1}: ${message}`);
  };

  const stack: Frame[] = [];
  let sawRoot = false;
  let sawChannel = false;
  const site = { title: '', link: '', baseSiteUrl: '', wxrVersion: '' };
  let siteSent = false;
  let item: WxrItem | undefined;
  let itemLine = 0;
  let comment: WxrComment | undefined;
  let meta: { key: string; value: string } | undefined;
  let author: Record<string, string> | undefined;
  let term: Record<string, string> | undefined;

  const sendSite = (): void => {
    if (siteSent) return;
    siteSent = true;
    queue.push({ type: 'site', ...site });
  };

  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) fail('DOCTYPE declares entities; refused (entity expansion and external entities are never processed)');
    if (/\b(SYSTEM|PUBLIC)\b/.test(doctype)) fail('DOCTYPE points at an external DTD; refused (external entities are never resolved)');
    if (/\[/.test(doctype)) fail('DOCTYPE has an internal subset; refused');
  });
  parser.on('opentag', (tag) => {
    const name = fieldName(tag as SaxesTagNS);
    const attrs: Record<string, string> = {};
    for (const [key, attr] of Object.entries((tag as SaxesTagNS).attributes)) attrs[key] = typeof attr === 'string' ? attr : attr.value;
    if (!sawRoot) {
      sawRoot = true;
      if (name !== 'rss') fail(`the root element is <${tag.name}>, not <rss>: this is not a WordPress export (WXR) file`);
    }
    const depth = stack.length; // depth of the new element: rss=0, channel=1, item=2
    stack.push({ name, attrs, text: '' });
    if (depth === 1 && name === 'channel') sawChannel = true;
    if (depth !== 2 || !sawChannel) {
      if (item && depth === 3 && name === 'wp:comment') comment = { id: '', author: '', authorUrl: '', dateGmt: '', date: '', content: '', approved: '', type: '', parent: '' };
      if (item && depth === 3 && name === 'wp:postmeta') meta = { key: '', value: '' };
      return;
    }
    if (name === 'item') {
      sendSite();
      itemLine = parser.line;
      item = { title: '', link: '', guid: '', pubDate: '', creator: '', content: '', excerpt: '', postId: '', postDate: '', postDateGmt: '', modifiedGmt: '', postName: '', status: '', postType: '', postParent: '', password: '', attachmentUrl: '', categories: [], meta: [], comments: [] };
    } else if (name === 'wp:author') author = {};
    else if (name === 'wp:category' || name === 'wp:tag') term = {};
  });
  const addText = (text: string): void => {
    const top = stack[stack.length - 1];
    if (!top) return;
    if (top.text.length + text.length > MAX_FIELD_CHARS) fail(`an element's text is over ${MAX_FIELD_CHARS} characters`);
    top.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const frame = stack.pop();
    if (!frame) return;
    const depth = stack.length;
    const { name, text } = frame;
    if (depth === 2 && sawChannel) {
      if (name === 'item' && item) {
        queue.push({ type: 'item', item, line: itemLine });
        item = undefined;
      } else if (name === 'wp:author' && author) {
        if (author.author_login) {
          sendSite();
          queue.push({ type: 'author', login: author.author_login, displayName: author.author_display_name || author.author_login, id: author.author_id ?? '' });
        }
        author = undefined;
      } else if ((name === 'wp:category' || name === 'wp:tag') && term) {
        const isCategory = name === 'wp:category';
        const slug = isCategory ? term.category_nicename : term.tag_slug;
        if (slug) {
          sendSite();
          queue.push({
            type: 'term',
            taxonomy: isCategory ? 'category' : 'post_tag',
            slug,
            name: (isCategory ? term.cat_name : term.tag_name) || slug,
            parentSlug: isCategory ? (term.category_parent ?? '') : '',
            id: term.term_id ?? '',
            description: (isCategory ? term.category_description : term.tag_description) ?? '',
          });
        }
        term = undefined;
      } else if (name === 'title') site.title = text.trim();
      else if (name === 'link') site.link = text.trim();
      else if (name === 'wp:base_site_url') site.baseSiteUrl = text.trim();
      else if (name === 'wp:wxr_version') site.wxrVersion = text.trim();
      return;
    }
    if (depth === 3 && sawChannel) {
      if (author && name?.startsWith('wp:')) author[name.slice(3)] = text.trim();
      if (term && name?.startsWith('wp:')) term[name.slice(3)] = text.trim();
      if (!item || !name) return;
      switch (name) {
        case 'title': item.title = text.trim(); break;
        case 'link': item.link = text.trim(); break;
        case 'guid': item.guid = text.trim(); break;
        case 'pubDate': item.pubDate = text.trim(); break;
        case 'dc:creator': item.creator = text.trim(); break;
        case 'content:encoded': item.content = text; break;
        case 'excerpt:encoded': item.excerpt = text; break;
        case 'wp:post_id': item.postId = text.trim(); break;
        case 'wp:post_date': item.postDate = text.trim(); break;
        case 'wp:post_date_gmt': item.postDateGmt = text.trim(); break;
        case 'wp:post_modified_gmt': item.modifiedGmt = text.trim(); break;
        case 'wp:post_name': item.postName = text.trim(); break;
        case 'wp:status': item.status = text.trim(); break;
        case 'wp:post_type': item.postType = text.trim(); break;
        case 'wp:post_parent': item.postParent = text.trim(); break;
        case 'wp:post_password': item.password = text.trim(); break;
        case 'wp:attachment_url': item.attachmentUrl = text.trim(); break;
        case 'category': item.categories.push({ domain: frame.attrs.domain ?? '', nicename: frame.attrs.nicename ?? '', name: text.trim() }); break;
        case 'wp:comment': if (comment) item.comments.push(comment); comment = undefined; break;
        case 'wp:postmeta': if (meta) item.meta.push(meta); meta = undefined; break;
        default: break;
      }
      return;
    }
    if (depth === 4 && item && name) {
      if (comment) {
        switch (name) {
          case 'wp:comment_id': comment.id = text.trim(); break;
          case 'wp:comment_author': comment.author = text.trim(); break;
          case 'wp:comment_author_url': comment.authorUrl = text.trim(); break;
          case 'wp:comment_date_gmt': comment.dateGmt = text.trim(); break;
          case 'wp:comment_date': comment.date = text.trim(); break;
          case 'wp:comment_content': comment.content = text; break;
          case 'wp:comment_approved': comment.approved = text.trim(); break;
          case 'wp:comment_type': comment.type = text.trim(); break;
          case 'wp:comment_parent': comment.parent = text.trim(); break;
          default: break;
        }
      } else if (meta) {
        if (name === 'wp:meta_key') meta.key = text.trim();
        else if (name === 'wp:meta_value') meta.value = text;
      }
    }
  });

  stream.on('data', (chunk) => {
    if (failure) return;
    try {
      parser.write(chunk as string);
    } catch (error) {
      failure = asImportError(error);
      stream.destroy();
    }
    if (queue.length >= HIGH_WATER) stream.pause();
    notify();
  });
  stream.on('end', () => {
    if (!failure) {
      try {
        parser.close();
        if (!sawRoot) fail('the file is empty or holds no XML element');
        sendSite();
      } catch (error) {
        failure = asImportError(error);
      }
    }
    ended = true;
    notify();
  });
  stream.on('error', (error) => {
    failure ??= importErrors.badFile(`${fileName}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? error.message})`);
    ended = true;
    notify();
  });

  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        if (queue.length <= LOW_WATER && stream.isPaused() && !failure) stream.resume();
        yield next;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      if (stream.isPaused()) stream.resume();
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.destroy();
  }
}

function asImportError(error: unknown): Error {
  if (error instanceof Error && error.name === 'AppError') return error;
  // saxes messages read "file:line:column: message".
  return importErrors.badFile(`not well-formed XML: ${(error as Error).message}`);
}
