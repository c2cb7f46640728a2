import { renderDocumentHtml } from '../rich-text/index.js';
import type { RichTextDocument } from '../rich-text/index.js';
import { staticPagePath } from './page-service.js';
import type { StaticPage } from './page-service.js';

/** A static page as the Admin API shows it (snake_case JSON). */
export interface AdminPageJson {
  id: number;
  slug: string;
  title: string;
  status: 'draft' | 'published';
  /** The page on the reader site (answers only while published). */
  url: string;
  published_at: string | null;
  updated_at: string;
}

/** A page with its body, as a single-page answer carries it. */
export interface AdminPageDetailJson extends AdminPageJson {
  body: RichTextDocument;
  body_html: string;
}

export function presentPageSummary(page: StaticPage): AdminPageJson {
  return { id: page.id, slug: page.slug, title: page.title, status: page.status, url: staticPagePath(page.slug), published_at: page.publishedAt, updated_at: page.updatedAt };
}

export function presentPage(page: StaticPage): AdminPageDetailJson {
  return { ...presentPageSummary(page), body: page.body, body_html: renderDocumentHtml(page.body) };
}
