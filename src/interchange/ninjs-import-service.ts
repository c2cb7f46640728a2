import type { ArticleService, ArticleWorkflowService } from '../articles/index.js';
import type { AuditActor, AuditLog } from '../audit/index.js';
import type { AuthorService } from '../authors/index.js';
import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { AppError, isAppError } from '../platform/errors/app-error.js';
import { SLUG_PATTERN, slugify } from '../platform/slug.js';
import { htmlToDocument } from '../rich-text/index.js';
import type { SectionService } from '../sections/index.js';
import type { TagService } from '../topics/index.js';
import type { InterchangeStore } from './interchange-store.js';
import { readNinjs } from './ninjs-read.js';
import type { NinjsStory } from './ninjs-read.js';

export interface NinjsImportOptions {
  /** Publish the stories (at their ninjs firstCreated time); default: keep them as drafts. */
  publish: boolean;
  /** Section path (e.g. "world/asia") for stories whose subjects name no known section. */
  sectionPath?: string | undefined;
  actor: AuditActor;
}

export interface NinjsImportItem {
  /** Position in the input (0-based), and the file it came from when the CLI read several. */
  index: number;
  source?: string;
  uri: string | null;
  status: 'imported' | 'updated' | 'skipped' | 'refused';
  ninjsVersion?: '1.x' | '2.x' | '3.x';
  articleId?: number;
  slug?: string;
  /** Why an item was skipped or refused, in one sentence. */
  reason?: string;
  /** Where a refused document fails validation, one line per problem. */
  problems?: string[];
  /** What was imported differently from the document (truncations, fallbacks). */
  warnings: string[];
}

export interface NinjsImportReport {
  imported: number;
  /** Stories imported before whose document came again in a newer version. */
  updated: number;
  skipped: number;
  refused: number;
  items: NinjsImportItem[];
}

const FORMAT = 'ninjs';
const MAX_ITEMS = 1000;

export const ninjsImportErrors = {
  tooMany: (count: number) => new AppError({ code: 'NINJS_TOO_MANY', status: 413, title: 'Too many documents', detail: `One import takes at most ${MAX_ITEMS} ninjs documents; got ${count}. Split the batch.` }),
  unknownSection: (path: string) => new AppError({ code: 'NINJS_SECTION_UNKNOWN', status: 400, title: 'Unknown section', detail: `There is no section "${path}".`, fields: { section: 'must be the path of an existing section' } }),
};

interface Deps {
  store: InterchangeStore;
  articles: ArticleService;
  /** Applies a newer version of an imported document to its story (a revision, audited). */
  workflow: Pick<ArticleWorkflowService, 'applyImportUpdate'>;
  authors: AuthorService;
  tags: TagService;
  sections: SectionService;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
}

/** Imports IPTC ninjs documents (1.x, 2.x, 3.x) as stories; one report line per document. */
export function createNinjsImportService(deps: Deps) {
  const { store, articles, workflow, authors, tags, sections, audit, clock } = deps;

  async function importOne(doc: unknown, index: number, options: NinjsImportOptions, source: string | undefined): Promise<NinjsImportItem> {
    const base = { index, ...(source ? { source } : {}), warnings: [] as string[] };
    const read = readNinjs(doc);
    if (!read.ok) {
      const uri = typeof (doc as { uri?: unknown } | null)?.uri === 'string' ? (doc as { uri: string }).uri : null;
      return { ...base, uri, status: 'refused', ...(read.family ? { ninjsVersion: `${read.family}.x` as const } : {}), reason: `not valid ninjs${read.family ? ` ${read.family}.x` : ''}`, problems: read.problems };
    }
    const story = read.story;
    const item: NinjsImportItem = { ...base, uri: story.uri, status: 'refused', ninjsVersion: `${story.family}.x` };
    if (story.pubStatus === 'canceled') return { ...item, status: 'skipped', reason: 'the document is canceled (pubStatus "canceled")' };
    const existing = await store.findSource(FORMAT, story.uri);
    if (existing && !isNewerVersion(story.version, existing.source_version)) {
      const versions = story.version !== null ? ` (version ${story.version}; imported: ${existing.source_version ?? 'none'})` : '';
      return { ...item, status: 'skipped', articleId: existing.article_id, reason: `already imported as article #${existing.article_id}${versions}` };
    }
    try {
      return await createStory(story, item, options, existing?.article_id);
    } catch (error) {
      if (!isAppError(error)) throw error;
      const fields = error.fields ? Object.entries(error.fields).map(([field, message]) => `${field}: ${message}`) : [];
      return { ...item, status: 'refused', reason: `${error.title}: ${error.detail}`, ...(fields.length > 0 ? { problems: fields } : {}) };
    }
  }

  async function createStory(story: NinjsStory, item: NinjsImportItem, options: NinjsImportOptions, existingId?: number): Promise<NinjsImportItem> {
    const warnings = item.warnings;
    const tree = await sections.getTree();
    const byUri = (uri: string | null) => {
      if (!uri) return undefined;
      try {
        return tree.byPath.get(new URL(uri).pathname.replace(/^\/+|\/+$/g, ''));
      } catch {
        return undefined;
      }
    };
    const byName = (name: string) => [...tree.byId.values()].find((s) => s.name.toLowerCase() === name.trim().toLowerCase());
    const matched = story.sections.map((s) => ({ ...s, section: byUri(s.uri) ?? byName(s.name) }));
    let primary = matched.find((s) => s.primary && s.section)?.section;
    if (!primary && options.sectionPath) {
      primary = tree.byPath.get(options.sectionPath.replace(/^\/+|\/+$/g, ''));
      if (!primary) throw ninjsImportErrors.unknownSection(options.sectionPath);
    }
    if (!primary) {
      primary = tree.roots[0];
      if (!primary) throw new AppError({ code: 'NINJS_NO_SECTION', status: 409, title: 'No section to file the story in', detail: 'The publication has no sections yet; create one first.' });
      warnings.push(`filed in the first section ("${primary.path}"): the document names no known section`);
    }
    for (const s of matched.filter((m) => !m.section)) warnings.push(`section "${s.name}" does not exist here; ignored`);
    const secondary = matched.filter((m) => m.section && m.section.id !== primary.id).map((m) => m.section!.id);

    let headline = story.headline;
    if (story.headlineSource !== 'headline') warnings.push(`the document has no headline; used its ${story.headlineSource}`);
    if (headline.length > 300) {
      headline = `${headline.slice(0, 299)}…`;
      warnings.push('headline shortened to 300 characters');
    }
    let dek = story.dek;
    if (dek.length > 600) {
      dek = `${dek.slice(0, 599)}…`;
      warnings.push('summary shortened to 600 characters');
    }
    const kicker = story.kicker && story.kicker.length <= 80 ? story.kicker : null;
    if (story.kicker && !kicker) warnings.push('kicker longer than 80 characters dropped');
    let dateline = story.dateline;
    if (dateline && dateline.length > 100) {
      dateline = dateline.slice(0, 100);
      warnings.push('dateline shortened to 100 characters');
    }

    const authorIds: number[] = [];
    for (const name of story.bylines.slice(0, 20)) {
      const slug = slugify(name, 80);
      const found = (await authors.findAuthor(slug)) ?? (await authors.createAuthor({ slug, name: name.slice(0, 120) }, { actor: options.actor, audit }));
      authorIds.push(found.id);
    }
    const tagIds: number[] = [];
    for (const name of [...new Set(story.tags)].slice(0, 50)) {
      if (name.length > 100) {
        warnings.push(`subject "${name.slice(0, 40)}…" longer than 100 characters is not a tag`);
        continue;
      }
      tagIds.push((await tags.ensureTag(name)).id);
    }
    if (story.tags.length > 50) warnings.push(`only the first 50 of ${story.tags.length} subjects became tags`);

    const publish = options.publish && story.pubStatus === 'usable';
    if (options.publish && !publish) warnings.push(`kept as a draft: pubStatus is "${story.pubStatus}"`);
    const iso = (value: string | null) => (value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : null);
    const publishedAt = publish ? (iso(story.firstCreated) ?? iso(story.versionCreated) ?? nowIso(clock)) : null;
    const versionCreated = iso(story.versionCreated);
    const updatedAt = publishedAt && versionCreated && versionCreated > publishedAt ? versionCreated : undefined;
    if (!publish && story.firstCreated) warnings.push(`draft: its first-created time ${story.firstCreated} is used only when published`);

    const body = htmlToDocument(story.bodyHtml);
    const input = {
      status: publish ? ('published' as const) : ('draft' as const),
      headline,
      dek,
      kicker,
      body,
      leadImage: story.leadImage,
      dateline,
      primarySectionId: primary.id,
      secondarySectionIds: secondary,
      authorIds,
      tagIds,
      publishedAt,
      ...(updatedAt ? { updatedAt } : {}),
    };
    if (existingId !== undefined) {
      const updated = await workflow.applyImportUpdate({
        id: existingId,
        actor: options.actor,
        changes: { kicker: kicker ?? null, headline, dek, body, lead_image: story.leadImage ?? null, dateline: dateline ?? null, primary_section_id: primary.id, secondary_section_ids: secondary, author_ids: authorIds, tag_ids: tagIds },
        details: { format: FORMAT, uri: story.uri, source_version: story.version },
      });
      await store.updateSourceVersion(FORMAT, story.uri, story.version, nowIso(clock));
      return { ...item, status: 'updated', articleId: updated.id, slug: updated.slug };
    }
    const slug = slugFromUri(story.uri);
    let article;
    try {
      article = await articles.createArticle(slug ? { ...input, slug } : input);
    } catch (error) {
      if (!(isAppError(error) && error.code === 'ARTICLE_SLUG_TAKEN')) throw error;
      article = await articles.createArticle(input);
    }
    await store.recordSource({ format: FORMAT, sourceUri: story.uri, articleId: article.id, sourceVersion: story.version, language: story.language, importedAt: nowIso(clock) });
    await audit.record({ actor: options.actor, action: 'article.import', objectType: 'article', objectId: article.id, details: { format: FORMAT, uri: story.uri, ninjsVersion: `${story.family}.x`, status: article.status } });
    return { ...item, status: 'imported', articleId: article.id, slug: article.slug };
  }

  return {
    /** Imports each document in turn; a bad one is refused with its reason while the rest import. */
    async importDocuments(docs: readonly { doc: unknown; source?: string }[], options: NinjsImportOptions): Promise<NinjsImportReport> {
      if (docs.length > MAX_ITEMS) throw ninjsImportErrors.tooMany(docs.length);
      const items: NinjsImportItem[] = [];
      for (const [index, { doc, source }] of docs.entries()) items.push(await importOne(doc, index, options, source));
      return {
        imported: items.filter((i) => i.status === 'imported').length,
        updated: items.filter((i) => i.status === 'updated').length,
        skipped: items.filter((i) => i.status === 'skipped').length,
        refused: items.filter((i) => i.status === 'refused').length,
        items,
      };
    },
  };
}

/**
 * True when `incoming` is a later version than `stored`: both whole numbers (ninjs `version` is
 * a string, agencies count 1, 2, 3 …) and incoming larger. Anything else is not an update.
 */
function isNewerVersion(incoming: string | null, stored: string | null): boolean {
  if (incoming === null || stored === null || !/^\d{1,9}$/.test(incoming) || !/^\d{1,9}$/.test(stored)) return false;
  return Number(incoming) > Number(stored);
}

/** The last path segment of an http(s) uri when it is already a slug (e.g. /articles/monsoon-arrives). */
function slugFromUri(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    const last = url.pathname.split('/').filter(Boolean).pop();
    return last && last.length <= 120 && SLUG_PATTERN.test(last) ? last : undefined;
  } catch {
    return undefined;
  }
}

export type NinjsImportService = ReturnType<typeof createNinjsImportService>;
