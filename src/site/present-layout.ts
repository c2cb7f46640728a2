import { staticPagePath } from '../pages/index.js';
import { sectionPath } from './site-paths.js';
import type { SiteContext } from './site-context.js';
import type { LayoutView } from './view-models.js';

/** Builds the layout part of every page. `currentSectionId` marks the top-level section being read. */
export function presentLayout(
  ctx: SiteContext,
  meta: { title: string; description?: string; path: string | null; robots?: string; jsonLd?: object[]; surrogateKeys?: string[] },
  currentTopSectionId?: number,
): LayoutView {
  const { publication, tree } = ctx;
  return {
    publication: {
      name: publication.name,
      description: publication.description,
      language: publication.language,
      logoUrl: publication.logoUrl,
      url: ctx.publicUrl,
    },
    nav: tree.roots.map((s) => ({ name: s.name, url: sectionPath(s.path), isCurrent: s.id === currentTopSectionId })),
    footer: {
      sections: tree.roots.map((s) => ({ name: s.name, url: sectionPath(s.path) })),
      pages: ctx.pages.map((p) => ({ name: p.title, url: staticPagePath(p.slug) })),
    },
    // Every page shows the publication, its sections (nav) and static pages (footer): "site".
    surrogateKeys: ['site', ...(meta.surrogateKeys ?? [])],
    meta: {
      title: meta.title,
      description: meta.description ?? publication.description,
      canonicalUrl: meta.path === null ? '' : `${ctx.publicUrl}${meta.path}`,
      robots: meta.robots ?? '',
      jsonLd: (meta.jsonLd ?? []).map(serializeJsonLd),
    },
  };
}

/** JSON for a `<script type="application/ld+json">` block: `<` is escaped so no tag can close it. */
export function serializeJsonLd(value: object): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
