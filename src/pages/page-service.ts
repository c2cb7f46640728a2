import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors/app-error.js';
import { SLUG_PATTERN } from '../platform/slug.js';
import { richTextDocumentSchema } from '../rich-text/index.js';
import type { RichTextDocument } from '../rich-text/index.js';
import type { PageRow } from '../platform/db/tables.js';
import type { PageStore } from './page-store.js';

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

/** Slugs a static page may not take because the site's own routes use them. */
export const RESERVED_PAGE_SLUGS = new Set(['articles', 'authors', 'tags', 'search', 'api', 'admin', 'assets', 'media', 'healthz', 'readyz', 'feeds', 'sitemap', 'robots']);

/** Page path: static pages live at the site root, e.g. /about. */
export function staticPagePath(slug: string): string {
  return `/${slug}`;
}

function toPage(row: PageRow): StaticPage {
  return { id: row.id, slug: row.slug, title: row.title, body: JSON.parse(row.body_json) as RichTextDocument, status: row.status, publishedAt: row.published_at, updatedAt: row.updated_at };
}

/** Reads and creates static pages. */
export function createPageService(deps: { store: PageStore; clock: Clock }) {
  const { store, clock } = deps;
  return {
    async listPublished(): Promise<StaticPage[]> {
      return (await store.listPublished()).map(toPage);
    },
    async findPublished(slug: string): Promise<StaticPage | undefined> {
      const row = await store.findBySlug(slug);
      return row && row.status === 'published' ? toPage(row) : undefined;
    },
    async createPage(input: { slug: string; title: string; body: RichTextDocument; status?: 'draft' | 'published' }): Promise<StaticPage> {
      if (!SLUG_PATTERN.test(input.slug) || RESERVED_PAGE_SLUGS.has(input.slug)) {
        throw new AppError({ code: 'PAGE_SLUG_INVALID', status: 400, title: 'Invalid page slug', detail: `"${input.slug}" is not a usable page slug (lowercase words joined by hyphens, and not one of: ${[...RESERVED_PAGE_SLUGS].join(', ')}).` });
      }
      if (await store.findBySlug(input.slug)) {
        throw new AppError({ code: 'PAGE_SLUG_TAKEN', status: 409, title: 'Page slug taken', detail: `A page with slug "${input.slug}" already exists.` });
      }
      const body = richTextDocumentSchema.parse(input.body);
      return toPage(await store.insert({ slug: input.slug, title: input.title, bodyJson: JSON.stringify(body), status: input.status ?? 'published', now: nowIso(clock) }));
    },
  };
}

export type PageService = ReturnType<typeof createPageService>;
