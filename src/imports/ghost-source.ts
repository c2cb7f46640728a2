import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { convertHtml, convertMobiledoc } from './body-conversion.js';
import type { ConvertedBody } from './body-conversion.js';
import { importErrors } from './import-errors.js';
import type { ImportSource, SourceEntry, SourceEvent, SourceTerm } from './import-model.js';
import { locateJsonError } from './json-position.js';
import { plainText } from './wordpress-source.js';

/** Ghost exports are small (text only); anything bigger is refused rather than parsed. */
const MAX_GHOST_BYTES = 200 * 1024 * 1024;

type Json = Record<string, unknown>;

/**
 * A Ghost Admin export (`{db: [{meta, data}]}`, Ghost 1.x–5.x; also a bare `{meta, data}`) as
 * import events: users → authors, tags → tags (internal `#tags` left out), posts and pages with
 * their authors and tags. Bodies come from mobiledoc when present, else from html (lexical
 * without html is skipped with a reason). Malformed JSON is refused with line and column; a
 * wrong shape with the JSON path that is wrong.
 */
export function ghostSource(path: string): ImportSource {
  let loaded: Promise<{ site: string; data: Json }> | undefined;
  const load = (): Promise<{ site: string; data: Json }> => (loaded ??= loadGhost(path));
  return {
    system: 'ghost',
    countEntries: async () => arrayAt((await load()).data, 'posts').length,
    events: async function* () {
      const { site, data } = await load();
      yield* ghostEvents(site, data);
    },
  };
}

async function loadGhost(path: string): Promise<{ site: string; data: Json }> {
  const name = basename(path);
  let text: string;
  try {
    const size = (await stat(path)).size;
    if (size > MAX_GHOST_BYTES) throw importErrors.badFile(`${name}: ${size} bytes is more than a Ghost export can be (${MAX_GHOST_BYTES})`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as Error).name === 'AppError') throw error;
    throw importErrors.badFile(`${name}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    const at = locateJsonError(text);
    throw importErrors.badFile(`${name}:${at.line}:${at.column}: not valid JSON (${at.message || (error as Error).message})`);
  }
  if (!isObject(root)) throw importErrors.badFile(`${name}: $ must be an object with "db" (a Ghost export); found ${Array.isArray(root) ? 'an array' : typeof root}`);
  let export0: unknown = root;
  let where = '$';
  if ('db' in root) {
    if (!Array.isArray(root.db) || root.db.length === 0) throw importErrors.badFile(`${name}: $.db must be a non-empty array`);
    export0 = root.db[0];
    where = '$.db[0]';
  }
  if (!isObject(export0) || !isObject(export0.data)) {
    const keys = isObject(export0) ? Object.keys(export0).slice(0, 5).join(', ') : typeof export0;
    throw importErrors.badFile(`${name}: ${where}.data is missing: this is not a Ghost export (found ${keys || 'nothing'})`);
  }
  const data = export0.data;
  for (const table of ['posts', 'tags', 'users', 'posts_tags', 'posts_authors']) {
    if (data[table] !== undefined && !Array.isArray(data[table])) throw importErrors.badFile(`${name}: ${where}.data.${table} must be an array`);
  }
  if (!Array.isArray(data.posts)) throw importErrors.badFile(`${name}: ${where}.data.posts is missing: this is not a Ghost export`);
  const settings = arrayAt(data, 'settings');
  const title = settings.find((s) => s.key === 'title')?.value;
  const url = settings.find((s) => s.key === 'url')?.value;
  const site = typeof url === 'string' && url ? url : typeof title === 'string' && title ? `ghost:${title}` : 'ghost';
  return { site, data };
}

function* ghostEvents(site: string, data: Json): Generator<SourceEvent> {
  yield { type: 'site', site };
  const tagsById = new Map<string, SourceTerm>();
  for (const [index, tag] of arrayAt(data, 'tags').entries()) {
    const id = str(tag.id);
    const name = str(tag.name);
    if (!id || !name) {
      yield { type: 'skip', item: { kind: 'tag', sourceId: id, title: name, reason: `data.tags[${index}] has no id or name` } };
      continue;
    }
    if (name.startsWith('#') || tag.visibility === 'internal') continue;
    const term: SourceTerm = { kind: 'tag', sourceId: id, slug: str(tag.slug) || name, name, description: str(tag.description), parentSourceId: null, legacyPaths: [`/tag/${str(tag.slug)}/`] };
    tagsById.set(id, term);
    yield { type: 'term', term };
  }
  const userIds = new Set<string>();
  for (const [index, user] of arrayAt(data, 'users').entries()) {
    const id = str(user.id);
    const name = str(user.name) || str(user.slug);
    if (!id || !name) {
      yield { type: 'skip', item: { kind: 'author', sourceId: id, title: name, reason: `data.users[${index}] has no id or name` } };
      continue;
    }
    userIds.add(id);
    yield { type: 'author', author: { sourceId: id, slug: str(user.slug) || name, name, bio: str(user.bio) } };
  }
  const postTags = groupBy(arrayAt(data, 'posts_tags'), 'post_id', 'tag_id');
  const postAuthors = groupBy(arrayAt(data, 'posts_authors'), 'post_id', 'author_id');

  for (const [index, post] of arrayAt(data, 'posts').entries()) {
    const id = str(post.id);
    const title = str(post.title);
    const isPage = post.type === 'page' || post.page === true || post.page === 1;
    const kind = isPage ? 'page' : 'article';
    const item = { kind, sourceId: id, title };
    if (!id) {
      yield { type: 'skip', item: { ...item, reason: `data.posts[${index}].id is missing` } };
      continue;
    }
    const rawStatus = str(post.status);
    const status: SourceEntry['status'] = rawStatus === 'published' ? 'published' : rawStatus === 'scheduled' ? 'scheduled' : 'draft';
    const warnings: string[] = [];
    if (post.visibility && post.visibility !== 'public') warnings.push(`visibility "${String(post.visibility)}" (members only) is not kept: the story is public when published`);
    const body = bodyOf(post, index);
    const authorIds = (postAuthors.get(id) ?? (str(post.author_id) ? [str(post.author_id)] : [])).filter((a) => userIds.has(a));
    const tags = (postTags.get(id) ?? []).map((t) => tagsById.get(t)).filter((t): t is SourceTerm => t !== undefined);
    const feature = str(post.feature_image);
    const slug = str(post.slug);
    const entry: SourceEntry = {
      kind,
      sourceId: id,
      title,
      slug: slug || title,
      status,
      publishedAt: isoOrNull(post.published_at),
      updatedAt: isoOrNull(post.updated_at),
      dek: (str(post.custom_excerpt) || '').slice(0, 600),
      seoTitle: str(post.meta_title) || null,
      seoDescription: str(post.meta_description) || null,
      authorSourceIds: authorIds,
      sections: [],
      tags,
      featuredImage: feature ? { url: feature.replace(/^__GHOST_URL__/, site.startsWith('http') ? site.replace(/\/+$/, '') : ''), alt: str(post.feature_image_alt) || title } : null,
      legacyPaths: slug ? [isPage ? `/${slug}/` : `/${slug}/`] : [],
      comments: [],
      rawBody: body.raw,
      convertBody: body.convert,
      warnings,
    };
    yield { type: 'entry', entry };
  }
}

function bodyOf(post: Json, index: number): { raw: string; convert: () => ConvertedBody } {
  const mobiledoc = post.mobiledoc;
  if (typeof mobiledoc === 'string' && mobiledoc.trim() !== '') {
    return {
      raw: mobiledoc,
      convert: () => {
        try {
          return convertMobiledoc(mobiledoc);
        } catch (error) {
          throw new Error(`data.posts[${index}].mobiledoc: ${(error as Error).message}`);
        }
      },
    };
  }
  const html = str(post.html);
  if (html) {
    return { raw: html, convert: () => {
      const converted = convertHtml(html);
      return post.lexical ? { doc: converted.doc, warnings: ['lexical body converted from its html rendering'] } : converted;
    } };
  }
  if (post.lexical) return { raw: String(post.lexical), convert: () => { throw new Error(`data.posts[${index}] has only a lexical body without html; export it from Ghost with html`); } };
  const plain = str(post.plaintext);
  return { raw: plain, convert: () => convertHtml(plain ? `<p>${plainText(plain).replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] ?? c)}</p>` : '') };
}

function arrayAt(data: Json, table: string): Json[] {
  const value = data[table];
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function groupBy(rows: Json[], key: string, value: string): Map<string, string[]> {
  const sorted = [...rows].sort((a, b) => Number(a.sort_order ?? 0) - Number(b.sort_order ?? 0));
  const map = new Map<string, string[]>();
  for (const row of sorted) {
    const k = str(row[key]);
    const v = str(row[value]);
    if (!k || !v) continue;
    const list = map.get(k) ?? [];
    list.push(v);
    map.set(k, list);
  }
  return map;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function isoOrNull(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
