import { staticPagePath } from '../pages/index.js';
import { sectionPath } from './site-paths.js';
import type { SiteContext } from './site-context.js';
import type { LayoutView, SocialView } from './view-models.js';

/** What a page may say about itself to social sites; the rest comes from the page's meta. */
export interface SocialInput {
  /** Default "website". */
  type?: SocialView['type'];
  /** Default: the page's `<title>`. */
  title?: string;
  /** Default: the page's meta description. */
  description?: string;
  image?: SocialView['image'];
  article?: SocialView['article'];
}

/** Builds the layout part of every page. `currentSectionId` marks the top-level section being read. */
export function presentLayout(
  ctx: SiteContext,
  meta: { title: string; description?: string; path: string | null; robots?: string; jsonLd?: object[]; surrogateKeys?: string[]; social?: SocialInput },
  currentTopSectionId?: number,
): LayoutView {
  const { publication, tree } = ctx;
  const description = meta.description ?? publication.description;
  const canonicalUrl = meta.path === null ? '' : `${ctx.publicUrl}${meta.path}`;
  const social = meta.social ?? {};
  const image = social.image ?? null;
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
      description,
      canonicalUrl,
      robots: meta.robots ?? '',
      jsonLd: (meta.jsonLd ?? []).map(serializeJsonLd),
    },
    social: {
      siteName: publication.name,
      type: social.type ?? 'website',
      locale: publication.language.replace('-', '_'),
      title: social.title ?? meta.title,
      description: social.description ?? description,
      url: canonicalUrl,
      image,
      twitterCard: image ? 'summary_large_image' : 'summary',
      article: social.article ?? null,
    },
  };
}

/** JSON for a `<script type="application/ld+json">` block: `<` is escaped so no tag can close it. */
export function serializeJsonLd(value: object): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
