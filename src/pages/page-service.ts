import type { AuditActor, AuditLog } from '../audit/index.js';
import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { markdownToDocument, richTextDocumentSchema } from '../rich-text/index.js';
import type { RichTextDocument } from '../rich-text/index.js';
import type { PageRow } from '../platform/db/tables.js';
import { pageErrors } from './page-errors.js';
import { newPageSchema, pageChangeSchema, parsePageInput } from './page-schemas.js';
import type { NewPageInput, PageChangeInput } from './page-schemas.js';
import type { PageStore } from './page-store.js';

export { RESERVED_PAGE_SLUGS } from './page-schemas.js';

/** A static page such as "About us". */
export interface StaticPage {
  id: number;
  slug: string;
  title: string;
  body: RichTextDocument;
  status: 'draft' | 'published';
  publishedAt: string | null;
  updatedAt: string;
}

/** Who makes a change, and the audit log it is recorded in. */
export interface PageChangeContext {
  actor: AuditActor;
  audit: Pick<AuditLog, 'record'>;
}

/** Page path: static pages live at the site root, e.g. /about. */
export function staticPagePath(slug: string): string {
  return `/${slug}`;
}

/** Reads and edits static pages. Every change runs in one transaction and is then audit-logged. */
export function createPageService(deps: { store: PageStore; clock: Clock }) {
  const { store, clock } = deps;
  const record = (change: PageChangeContext, action: string, id: number, details: Record<string, unknown>) =>
    change.audit.record({ actor: change.actor, action, objectType: 'page', objectId: id, details });

  return {
    async listPublished(): Promise<StaticPage[]> {
      return (await store.listPublished()).map(toPage);
    },
    async findPublished(slug: string): Promise<StaticPage | undefined> {
      const row = await store.findBySlug(slug);
      return row && row.status === 'published' ? toPage(row) : undefined;
    },

    /** Every page, drafts included, by title. */
    async listPages(): Promise<StaticPage[]> {
      return (await store.listAll()).map(toPage);
    },

    /** The page with this id, draft or published; PAGE_NOT_FOUND when there is none. */
    async getPage(id: number): Promise<StaticPage> {
      const row = await store.findById(id);
      if (!row) throw pageErrors.notFound(id);
      return toPage(row);
    },

    /** Adds a page (published unless `status` says draft) from a document or Markdown; refuses reserved and taken slugs. */
    async createPage(input: NewPageInput, change?: PageChangeContext): Promise<StaticPage> {
      const data = parsePageInput(newPageSchema, input);
      const body = bodyOf(data) ?? { type: 'doc', content: [] };
      const page = await store.transaction(async (queries) => {
        if (await queries.findBySlug(data.slug)) throw pageErrors.slugTaken(data.slug);
        return toPage(await queries.insert({ slug: data.slug, title: data.title, bodyJson: JSON.stringify(body), status: data.status ?? 'published', now: nowIso(clock) }));
      });
      if (change) await record(change, 'page.create', page.id, { slug: page.slug, title: page.title, status: page.status });
      return page;
    },

    /**
     * Changes slug, title or body, and publishes (`status: 'published'`, stamping `published_at`)
     * or unpublishes (`'draft'`, clearing it). A new slug moves the page; the old URL stops answering.
     */
    async updatePage(id: number, input: PageChangeInput, change: PageChangeContext): Promise<StaticPage> {
      const data = parsePageInput(pageChangeSchema, input);
      const body = bodyOf(data);
      const { before, after } = await store.transaction(async (queries) => {
        const current = await queries.findById(id);
        if (!current) throw pageErrors.notFound(id);
        if (data.slug !== undefined && data.slug !== current.slug && (await queries.findBySlug(data.slug))) throw pageErrors.slugTaken(data.slug);
        const now = nowIso(clock);
        const statusChanged = data.status !== undefined && data.status !== current.status;
        const row = await queries.update(
          id,
          {
            slug: data.slug,
            title: data.title,
            bodyJson: body === undefined ? undefined : JSON.stringify(body),
            status: data.status,
            ...(statusChanged ? { publishedAt: data.status === 'published' ? now : null } : {}),
          },
          now,
        );
        return { before: current, after: toPage(row) };
      });
      const changed = [
        ...(before.slug !== after.slug ? ['slug'] : []),
        ...(before.title !== after.title ? ['title'] : []),
        ...(body !== undefined && before.body_json !== JSON.stringify(after.body) ? ['body'] : []),
      ];
      if (changed.length > 0) await record(change, 'page.update', id, { changed, ...(before.slug !== after.slug ? { old_slug: before.slug, new_slug: after.slug } : {}) });
      if (before.status !== after.status) await record(change, after.status === 'published' ? 'page.publish' : 'page.unpublish', id, { slug: after.slug });
      return after;
    },

    async deletePage(id: number, change: PageChangeContext): Promise<StaticPage> {
      const deleted = await store.transaction(async (queries) => {
        const current = await queries.findById(id);
        if (!current) throw pageErrors.notFound(id);
        await queries.delete(id);
        return toPage(current);
      });
      await record(change, 'page.delete', id, { slug: deleted.slug, title: deleted.title });
      return deleted;
    },
  };
}

export type PageService = ReturnType<typeof createPageService>;

function toPage(row: PageRow): StaticPage {
  return { id: row.id, slug: row.slug, title: row.title, body: JSON.parse(row.body_json) as RichTextDocument, status: row.status, publishedAt: row.published_at, updatedAt: row.updated_at };
}

/** The body to store: the given document, or the Markdown converted (and checked like any document). */
function bodyOf(data: { body?: RichTextDocument | undefined; bodyMarkdown?: string | undefined }): RichTextDocument | undefined {
  if (data.body !== undefined) return data.body;
  if (data.bodyMarkdown === undefined) return undefined;
  const converted = richTextDocumentSchema.safeParse(markdownToDocument(data.bodyMarkdown));
  if (!converted.success) throw pageErrors.invalid({ body_markdown: converted.error.issues[0]?.message ?? 'cannot be converted' });
  return converted.data;
}
