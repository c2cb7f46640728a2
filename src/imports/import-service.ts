import { createHash } from 'node:crypto';
import { RESERVED_PAGE_SLUGS } from '../pages/index.js';
import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { slugify } from '../platform/slug.js';
import { countWords, extractPlainText, richTextDocumentSchema } from '../rich-text/index.js';
import type { ImageAttrs, RichTextDocument } from '../rich-text/index.js';
import type { ImportKind } from '../platform/db/tables-imports.js';
import { importErrors } from './import-errors.js';
import type { ImageFetcher, ImportOptions, ImportReport, ImportSource, ReportItem, SourceAuthor, SourceEntry, SourceTerm } from './import-model.js';
import type { ArticleWrite, ImportQueries, ImportStore, SourceKey } from './import-store.js';
import { normalizeLegacyPath } from './legacy-paths.js';
import { isAllowedImageHost, parseAllowedImageHosts } from './image-hosts.js';

const DEFAULT_BATCH = 200;
const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

class DryRunRollback extends Error {}

interface PreparedEntry {
  entry: SourceEntry;
  doc: RichTextDocument;
  checksum: string;
  warnings: string[];
}

interface Outcome {
  imported: ReportItem[];
  updated: ReportItem[];
  skipped: ReportItem[];
  warnings: ReportItem[];
  comments: { created: number; updated: number };
  legacyUrls: number;
  pendingImages: { articleId: number; attachmentId: string; entry: SourceEntry }[];
}

/**
 * Runs imports: reads the events of a source (WordPress WXR, Ghost JSON), creates or reuses
 * sections, tags and authors, and writes articles, pages and comments in batches (one
 * transaction each), recording every item in `import_items` so a re-run updates changed items
 * and skips identical ones, and every old URL in `legacy_urls` for 301s. A failing item is
 * skipped with its reason; the rest imports.
 */
export function createImportService(deps: { store: ImportStore; clock: Clock; fetchImage?: ImageFetcher | undefined }) {
  const { store, clock } = deps;

  async function runImport(source: ImportSource, options: ImportOptions = {}): Promise<ImportReport> {
    const started = Date.now();
    const statusMode = options.status ?? 'as-source';
    const batchSize = options.batchSize ?? DEFAULT_BATCH;
    let allowHosts: ReadonlySet<string>;
    try {
      allowHosts = parseAllowedImageHosts(options.allowHosts ?? []);
    } catch (error) {
      throw importErrors.badOption((error as Error).message);
    }
    if (options.fetchImages && allowHosts.size === 0) throw importErrors.badOption('--fetch-images needs at least one --allow-host <host>; images are only fetched from hosts you name.');
    const defaultSectionPath = options.defaultSection ?? 'imported';
    if (!defaultSectionPath.split('/').every((s) => SLUG_PATTERN.test(s))) throw importErrors.badOption(`--section "${defaultSectionPath}" is not a section path (slugs joined by "/").`);
    const total = source.countEntries ? await source.countEntries() : undefined;

    const report: ImportReport = {
      source: { system: source.system, site: '' },
      dryRun: options.dryRun === true,
      counts: {
        articles: { created: 0, updated: 0, unchanged: 0 },
        pages: { created: 0, updated: 0, unchanged: 0 },
        sections: { created: 0, reused: 0 },
        tags: { created: 0, reused: 0 },
        authors: { created: 0, reused: 0 },
        comments: { created: 0, updated: 0 },
        legacyUrls: 0,
        skipped: 0,
        warnings: 0,
      },
      imported: [],
      updated: [],
      skipped: [],
      warnings: [],
      durationMs: 0,
      nextSteps: [],
    };

    const run = async (tx: <T>(work: (q: ImportQueries) => Promise<T>) => Promise<T>): Promise<void> => {
      let site = '';
      const key = (kind: ImportKind): SourceKey => ({ system: source.system, site, kind });
      const termIds = { section: new Map<string, number>(), tag: new Map<string, number>() };
      const authorIds = new Map<string, number>();
      const pendingTerms: SourceTerm[] = [];
      const pendingAuthors: SourceAuthor[] = [];
      const attachments = new Map<string, { url: string; alt: string }>();
      const pendingImages: Outcome['pendingImages'] = [];
      let batch: SourceEntry[] = [];
      let done = 0;
      let defaultSectionId: number | undefined;

      const ensureTerms = async (terms: SourceTerm[]): Promise<void> => {
        const missing = terms.filter((t) => !termIds[t.kind].has(t.sourceId));
        if (missing.length === 0) return;
        await tx(async (q) => {
          // Parents first: a term waits until its parent is known (declared terms in any order).
          const byId = new Map(missing.map((t) => [`${t.kind}:${t.sourceId}`, t]));
          const visiting = new Set<string>();
          const ensure = async (term: SourceTerm): Promise<number> => {
            const known = termIds[term.kind].get(term.sourceId);
            if (known !== undefined) return known;
            const id = term.kind === 'section' ? await ensureSection(term) : await ensureTag(term);
            termIds[term.kind].set(term.sourceId, id);
            return id;
          };
          const ensureSection = async (term: SourceTerm): Promise<number> => {
            const mark = `section:${term.sourceId}`;
            visiting.add(mark);
            let parentId: number | null = null;
            let parentPath = '';
            if (term.parentSourceId) {
              const parent = byId.get(`section:${term.parentSourceId}`);
              const known = termIds.section.get(term.parentSourceId);
              if (known !== undefined) parentId = known;
              else if (parent && !visiting.has(`section:${parent.sourceId}`)) parentId = await ensure(parent);
              else addWarning({ kind: 'section', sourceId: term.sourceId, title: term.name, reason: `parent "${term.parentSourceId}" is not in the file; imported as a top-level section` });
              if (parentId !== null) parentPath = (await q.findSectionById(parentId))?.path ?? '';
            }
            const mapped = (await q.findMappings(key('section'), [term.sourceId])).get(term.sourceId);
            if (mapped && (await q.rowExists('section', mapped.localId))) {
              report.counts.sections.reused++;
              return mapped.localId;
            }
            let slug = slugify(term.slug || term.name, 80);
            if (parentId === null && RESERVED_PAGE_SLUGS.has(slug)) {
              addWarning({ kind: 'section', sourceId: term.sourceId, title: term.name, reason: `"${slug}" is a reserved URL; the section is "${slug}-section"` });
              slug = `${slug}-section`;
            }
            const path = parentPath ? `${parentPath}/${slug}` : slug;
            const existing = await q.findSectionByPath(path);
            let id: number;
            if (existing) {
              id = existing.id;
              report.counts.sections.reused++;
            } else {
              id = await q.insertSection({ parentId, slug, path, name: term.name.slice(0, 200) || slug, description: term.description.slice(0, 1000), now: nowIso(clock) });
              report.counts.sections.created++;
            }
            await q.saveMapping(key('section'), term.sourceId, id, checksumOf(term), nowIso(clock));
            const paths = term.legacyPaths.map(normalizeLegacyPath).filter((p): p is string => p !== null);
            await q.saveLegacyUrls(paths, { kind: 'section', id }, nowIso(clock));
            report.counts.legacyUrls += paths.length;
            return id;
          };
          const ensureTag = async (term: SourceTerm): Promise<number> => {
            const mapped = (await q.findMappings(key('tag'), [term.sourceId])).get(term.sourceId);
            if (mapped && (await q.rowExists('tag', mapped.localId))) {
              report.counts.tags.reused++;
              return mapped.localId;
            }
            const slug = slugify(term.slug || term.name, 80);
            let id = await q.findTagBySlug(slug);
            if (id !== undefined) report.counts.tags.reused++;
            else {
              id = await q.insertTag({ slug, name: term.name.slice(0, 100) || slug, now: nowIso(clock) });
              report.counts.tags.created++;
            }
            await q.saveMapping(key('tag'), term.sourceId, id, checksumOf(term), nowIso(clock));
            return id;
          };
          for (const term of missing) await ensure(term);
        });
      };

      const ensureAuthors = async (authors: SourceAuthor[]): Promise<void> => {
        const missing = authors.filter((a) => !authorIds.has(a.sourceId));
        if (missing.length === 0) return;
        await tx(async (q) => {
          for (const author of missing) {
            const mapped = (await q.findMappings(key('author'), [author.sourceId])).get(author.sourceId);
            if (mapped && (await q.rowExists('author', mapped.localId))) {
              authorIds.set(author.sourceId, mapped.localId);
              report.counts.authors.reused++;
              continue;
            }
            const slug = slugify(author.slug || author.name, 80);
            let id = await q.findAuthorBySlug(slug);
            if (id !== undefined) report.counts.authors.reused++;
            else {
              id = await q.insertAuthor({ slug, name: author.name.slice(0, 200) || slug, bio: author.bio.slice(0, 2000), now: nowIso(clock) });
              report.counts.authors.created++;
            }
            await q.saveMapping(key('author'), author.sourceId, id, checksumOf(author), nowIso(clock));
            authorIds.set(author.sourceId, id);
          }
        });
      };

      const flushDeclarations = async (): Promise<void> => {
        await ensureTerms(pendingTerms.splice(0));
        await ensureAuthors(pendingAuthors.splice(0));
      };

      const ensureDefaultSection = async (): Promise<number> => {
        if (defaultSectionId !== undefined) return defaultSectionId;
        const segments = defaultSectionPath.split('/');
        let parent: SourceTerm | null = null;
        const terms: SourceTerm[] = segments.map((slug, i) => {
          const term: SourceTerm = { kind: 'section', sourceId: `#default:${segments.slice(0, i + 1).join('/')}`, slug, name: i === segments.length - 1 && slug === 'imported' ? 'Imported' : titleCase(slug), description: '', parentSourceId: parent?.sourceId ?? null, legacyPaths: [] };
          parent = term;
          return term;
        });
        await ensureTerms(terms);
        defaultSectionId = termIds.section.get(terms[terms.length - 1]!.sourceId)!;
        return defaultSectionId;
      };

      function addWarning(item: ReportItem): void {
        report.warnings.push(item);
      }

      const prepare = (entry: SourceEntry): PreparedEntry | ReportItem => {
        const base = { kind: entry.kind, sourceId: entry.sourceId, title: entry.title };
        try {
          if (!entry.title.trim()) return { ...base, reason: 'has no title' };
          const converted = entry.convertBody();
          const parsed = richTextDocumentSchema.safeParse(converted.doc);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            return { ...base, reason: `body cannot be stored: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid document'}` };
          }
          const checksum = checksumOf({ ...entry, convertBody: undefined, warnings: undefined, statusMode });
          const external = countExternalImages(parsed.data);
          const imageWarning = external > 0 ? [`${external} image(s) in the body kept as external references (body images are not fetched)`] : [];
          return { entry, doc: parsed.data, checksum, warnings: [...entry.warnings, ...converted.warnings, ...imageWarning] };
        } catch (error) {
          return { ...base, reason: (error as Error).message };
        }
      };

      // Featured images are resolved (and, with --fetch-images, downloaded) before a batch's
      // transaction opens: no network wait while the database is locked for writing, and no
      // media upload competing with the batch for the connection. Unchanged items are left out,
      // so a re-run fetches nothing again.
      const prefetchLeadImages = async (prepared: PreparedEntry[]): Promise<Map<SourceEntry, ImageAttrs | null>> => {
        const leads = new Map<SourceEntry, ImageAttrs | null>();
        const withImages = prepared.filter((p) => p.entry.kind === 'article' && p.entry.featuredImage);
        if (withImages.length === 0) return leads;
        const mappings = await tx((q) => q.findMappings(key('article'), withImages.map((p) => p.entry.sourceId)));
        const outcome = emptyOutcome();
        for (const { entry, checksum } of withImages) {
          const mapping = mappings.get(entry.sourceId);
          if (mapping !== undefined && mapping.checksum === checksum) continue;
          leads.set(entry, await leadImageFor(entry, outcome));
        }
        report.warnings.push(...outcome.warnings);
        return leads;
      };

      const writeEntries = async (q: ImportQueries, prepared: PreparedEntry[], outcome: Outcome, leads: Map<SourceEntry, ImageAttrs | null>): Promise<void> => {
        const now = nowIso(clock);
        const articleMappings = await q.findMappings(key('article'), prepared.filter((p) => p.entry.kind === 'article').map((p) => p.entry.sourceId));
        const pageMappings = await q.findMappings(key('page'), prepared.filter((p) => p.entry.kind === 'page').map((p) => p.entry.sourceId));
        for (const { entry, doc, checksum, warnings } of prepared) {
          const item: ReportItem = { kind: entry.kind, sourceId: entry.sourceId, title: entry.title };
          const mapping = (entry.kind === 'article' ? articleMappings : pageMappings).get(entry.sourceId);
          const exists = mapping !== undefined && (await q.rowExists(entry.kind, mapping.localId));
          if (exists && mapping.checksum === checksum) {
            outcome.skipped.push({ ...item, localId: mapping.localId, reason: 'unchanged since the last import' });
            continue;
          }
          for (const w of warnings) outcome.warnings.push({ ...item, reason: w });
          const status = statusMode === 'draft' ? 'draft' : entry.status;
          const publishedAt = entry.publishedAt;
          const updatedAt = entry.updatedAt ?? publishedAt ?? now;
          let localId: number;
          if (entry.kind === 'article') {
            const sectionIds = entry.sections.map((s) => termIds.section.get(s.sourceId)).filter((id): id is number => id !== undefined);
            const primary = sectionIds[0] ?? (await ensureDefaultSectionIn());
            const bodyText = extractPlainText(doc);
            const lead = leads.get(entry) ?? null;
            const write: Omit<ArticleWrite, 'slug'> = {
              status,
              headline: entry.title.trim().slice(0, 300),
              dek: entry.dek.trim().slice(0, 600),
              seoTitle: entry.seoTitle,
              seoDescription: entry.seoDescription,
              bodyJson: JSON.stringify(doc),
              bodyText,
              wordCount: countWords(`${entry.title} ${entry.dek} ${bodyText}`),
              leadImageJson: lead ? JSON.stringify(lead) : null,
              primarySectionId: primary,
              publishedAt: status === 'draft' ? (statusMode === 'draft' ? null : publishedAt) : (publishedAt ?? now),
              scheduledAt: status === 'scheduled' ? publishedAt : null,
              updatedAt,
              authorIds: entry.authorSourceIds.map((a) => authorIds.get(a)).filter((id): id is number => id !== undefined),
              sectionIds: sectionIds.slice(1).filter((id) => id !== primary),
              tagIds: entry.tags.map((t) => termIds.tag.get(t.sourceId)).filter((id): id is number => id !== undefined),
            };
            if (exists) {
              localId = mapping.localId;
              await q.updateArticle(localId, write);
            } else {
              const slug = await uniqueSlug(entry.slug || entry.title, (s) => q.articleSlugTaken(s), item, outcome);
              localId = await q.insertArticle({ ...write, slug }, now);
            }
            if (lead === null && entry.featuredImage && 'attachmentId' in entry.featuredImage) outcome.pendingImages.push({ articleId: localId, attachmentId: entry.featuredImage.attachmentId, entry });
            const comments = await q.upsertComments(localId, entry.comments.map((c) => ({ legacyId: c.sourceId, parentLegacyId: c.parentSourceId, authorName: c.authorName.slice(0, 200) || 'Anonymous', authorUrl: c.authorUrl, body: c.body, status: c.status, createdAt: c.createdAt })), now);
            outcome.comments.created += comments.inserted;
            outcome.comments.updated += comments.updated;
          } else {
            const pageStatus = status === 'published' ? 'published' : 'draft';
            const page = { title: entry.title.trim().slice(0, 200), bodyJson: JSON.stringify(doc), status: pageStatus as 'published' | 'draft', publishedAt: pageStatus === 'published' ? (publishedAt ?? now) : null, updatedAt };
            if (exists) {
              localId = mapping.localId;
              await q.updatePage(localId, page);
            } else {
              const slug = await uniqueSlug(entry.slug || entry.title, async (s) => RESERVED_PAGE_SLUGS.has(s) || (await q.pageSlugTaken(s)) || (await q.findSectionByPath(s)) !== undefined, item, outcome);
              localId = await q.insertPage({ ...page, slug }, now);
            }
            if (entry.comments.length > 0) outcome.warnings.push({ ...item, reason: `${entry.comments.length} comment(s) on a page are not imported (pages have no comments)` });
          }
          const paths = entry.legacyPaths.map(normalizeLegacyPath).filter((p): p is string => p !== null);
          await q.saveLegacyUrls(paths, { kind: entry.kind, id: localId }, now);
          outcome.legacyUrls += paths.length;
          await q.saveMapping(key(entry.kind), entry.sourceId, localId, checksum, now);
          (exists ? outcome.updated : outcome.imported).push({ ...item, localId });
        }
      };

      const ensureDefaultSectionIn = (): number => {
        if (defaultSectionId === undefined) throw new Error('default section not ready');
        return defaultSectionId;
      };

      const leadImageFor = async (entry: SourceEntry, outcome: Outcome): Promise<ImageAttrs | null> => {
        const ref = entry.featuredImage;
        if (!ref) return null;
        const image = 'attachmentId' in ref ? attachments.get(ref.attachmentId) : ref;
        if (!image) return null; // resolved at the end, when the attachment comes later in the file
        return resolveImage(image.url, image.alt, { kind: entry.kind, sourceId: entry.sourceId, title: entry.title }, outcome);
      };

      const resolveImage = async (url: string, alt: string, item: ReportItem, outcome: Outcome): Promise<ImageAttrs | null> => {
        let parsed: URL;
        try {
          parsed = new URL(url);
          if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
        } catch {
          outcome.warnings.push({ ...item, reason: `featured image "${url.slice(0, 200)}" is not an absolute http(s) URL; left out` });
          return null;
        }
        if (options.fetchImages && isAllowedImageHost(parsed, allowHosts) && deps.fetchImage && !options.dryRun) {
          try {
            return await deps.fetchImage(parsed.href, alt);
          } catch (error) {
            outcome.warnings.push({ ...item, reason: `featured image ${parsed.href} could not be fetched (${(error as Error).message}); kept as an external reference` });
            return { src: parsed.href, alt: alt.slice(0, 1000) };
          }
        }
        outcome.warnings.push({
          ...item,
          reason: options.fetchImages
            ? `featured image host ${parsed.hostname} is not allowed (--allow-host); kept as an external reference to ${parsed.href}`
            : `featured image kept as an external reference to ${parsed.href} (use --fetch-images --allow-host ${parsed.hostname} to copy it)`,
        });
        return { src: parsed.href, alt: alt.slice(0, 1000) };
      };

      const mergeOutcome = (outcome: Outcome): void => {
        for (const item of outcome.imported) (item.kind === 'article' ? report.counts.articles : report.counts.pages).created++;
        for (const item of outcome.updated) (item.kind === 'article' ? report.counts.articles : report.counts.pages).updated++;
        for (const item of outcome.skipped) if (item.reason === 'unchanged since the last import') (item.kind === 'article' ? report.counts.articles : report.counts.pages).unchanged++;
        report.imported.push(...outcome.imported);
        report.updated.push(...outcome.updated);
        report.skipped.push(...outcome.skipped);
        report.warnings.push(...outcome.warnings);
        report.counts.comments.created += outcome.comments.created;
        report.counts.comments.updated += outcome.comments.updated;
        report.counts.legacyUrls += outcome.legacyUrls;
        pendingImages.push(...outcome.pendingImages);
      };
      const emptyOutcome = (): Outcome => ({ imported: [], updated: [], skipped: [], warnings: [], comments: { created: 0, updated: 0 }, legacyUrls: 0, pendingImages: [] });

      const flushBatch = async (): Promise<void> => {
        if (batch.length === 0) return;
        const entries = batch;
        batch = [];
        await flushDeclarations();
        const prepared: PreparedEntry[] = [];
        for (const entry of entries) {
          const result = prepare(entry);
          if ('entry' in result) prepared.push(result);
          else report.skipped.push(result);
        }
        await ensureTerms(prepared.flatMap((p) => [...p.entry.sections, ...p.entry.tags]));
        if (prepared.some((p) => p.entry.kind === 'article' && p.entry.sections.length === 0)) await ensureDefaultSection();
        const leads = await prefetchLeadImages(prepared);
        try {
          const outcome = emptyOutcome();
          await tx((q) => writeEntries(q, prepared, outcome, leads));
          mergeOutcome(outcome);
        } catch (error) {
          if (error instanceof DryRunRollback) throw error;
          // One item broke the batch: write them one by one and skip the failing ones.
          for (const one of prepared) {
            const outcome = emptyOutcome();
            try {
              await tx((q) => writeEntries(q, [one], outcome, leads));
              mergeOutcome(outcome);
            } catch (itemError) {
              report.skipped.push({ kind: one.entry.kind, sourceId: one.entry.sourceId, title: one.entry.title, reason: `could not be stored: ${(itemError as Error).message}` });
            }
          }
        }
        done += entries.length;
        options.onProgress?.({ done, total });
      };

      for await (const event of source.events()) {
        switch (event.type) {
          case 'site':
            site = event.site;
            report.source.site = site;
            break;
          case 'term':
            pendingTerms.push(event.term);
            break;
          case 'author':
            pendingAuthors.push(event.author);
            break;
          case 'attachment':
            attachments.set(event.sourceId, { url: event.url, alt: event.alt });
            break;
          case 'skip':
            report.skipped.push(event.item);
            break;
          case 'warning':
            report.warnings.push(event.item);
            break;
          case 'entry':
            batch.push(event.entry);
            if (batch.length >= batchSize) await flushBatch();
            break;
        }
      }
      await flushBatch();
      await flushDeclarations();

      // Featured images whose attachment came after the post in the file.
      if (pendingImages.length > 0) {
        const outcome = emptyOutcome();
        const leads: { articleId: number; json: string }[] = [];
        for (const pending of pendingImages) {
          const attachment = attachments.get(pending.attachmentId);
          const item = { kind: 'article', sourceId: pending.entry.sourceId, title: pending.entry.title };
          if (!attachment) {
            outcome.warnings.push({ ...item, reason: `featured image (attachment ${pending.attachmentId}) is not in the file; left out` });
            continue;
          }
          const lead = await resolveImage(attachment.url, attachment.alt, item, outcome);
          if (lead) leads.push({ articleId: pending.articleId, json: JSON.stringify(lead) });
        }
        await tx(async (q) => {
          for (const lead of leads) await q.setLeadImage(lead.articleId, lead.json);
        });
        report.warnings.push(...outcome.warnings);
      }
      options.onProgress?.({ done, total: total ?? done });
    };

    if (options.dryRun) {
      try {
        await store.transaction(async (q) => {
          await run((work) => work(q));
          throw new DryRunRollback('dry run');
        });
      } catch (error) {
        if (!(error instanceof DryRunRollback)) throw error;
      }
    } else {
      await run((work) => store.transaction(work));
    }

    report.counts.skipped = report.skipped.length;
    report.counts.warnings = report.warnings.length;
    report.durationMs = Date.now() - started;
    if (!report.dryRun && report.imported.length + report.updated.length > 0) {
      report.nextSteps.push('Run "broadsheet reindex" to rebuild the search and related-story indexes: imports skip the per-story change feed for speed.');
    }
    return report;
  }

  async function uniqueSlug(wanted: string, taken: (slug: string) => Promise<boolean>, item: ReportItem, outcome: Outcome): Promise<string> {
    const base = slugify(wanted, 72);
    let candidate = base;
    for (let n = 2; await taken(candidate); n++) candidate = `${base}-${n}`;
    if (candidate !== base) outcome.warnings.push({ ...item, reason: `slug "${base}" was taken; imported as "${candidate}"` });
    return candidate;
  }

  return {
    runImport,

    /**
     * Where an old URL of an imported site lives now: the new path for a 301, or undefined.
     * `pathWithQuery` is the request URL's path and query.
     */
    async resolveLegacyUrl(pathWithQuery: string): Promise<string | undefined> {
      const path = normalizeLegacyPath(pathWithQuery);
      if (path === null) return undefined;
      const target = await store.findLegacyTarget(path);
      if (!target) return undefined;
      if (target.kind === 'article') return `/articles/${target.slug}`;
      if (target.kind === 'page') return target.status === 'published' ? `/${target.slug}` : undefined;
      return `/${target.slug}/`;
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;

function checksumOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

function countExternalImages(doc: RichTextDocument): number {
  let n = 0;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const record = node as { type?: string; attrs?: { src?: string }; content?: unknown[] };
    if (record.type === 'image' && /^https?:\/\//.test(record.attrs?.src ?? '')) n++;
    if (Array.isArray(record.content)) record.content.forEach(visit);
  };
  visit(doc);
  return n;
}

function titleCase(slug: string): string {
  return slug.split('-').map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ');
}
