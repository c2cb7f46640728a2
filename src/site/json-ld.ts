import type { Article } from '../articles/index.js';
import type { ImageAttrs } from '../rich-text/index.js';
import type { SiteContext } from './site-context.js';
import type { LinkView, SocialView } from './view-models.js';
import { articlePath, authorPath } from './site-paths.js';

/** Google truncates longer NewsArticle headlines; see https://developers.google.com/search/docs/appearance/structured-data/article */
export const MAX_JSON_LD_HEADLINE = 110;

/** schema.org BreadcrumbList for a breadcrumb trail of site-relative links. */
export function breadcrumbListJsonLd(ctx: SiteContext, trail: LinkView[]): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: trail.map((item, index) => ({ '@type': 'ListItem', position: index + 1, name: item.name, item: absolute(ctx, item.url) })),
  };
}

/** schema.org Organization (NewsMediaOrganization) for the publication; `logo` only when it has one. */
export function organizationJsonLd(ctx: SiteContext): object {
  return { '@context': 'https://schema.org', ...publisher(ctx) };
}

/** schema.org CollectionPage for a section front: its name, URL and the stories listed on it. */
export function collectionPageJsonLd(
  ctx: SiteContext,
  page: { name: string; description: string; path: string; stories: { url: string }[]; firstPosition?: number },
): object {
  const first = page.firstPosition ?? 1;
  return {
    '@context': 'https://schema.org',
    '@type': 'CollectionPage',
    name: page.name,
    ...(page.description ? { description: page.description } : {}),
    url: absolute(ctx, page.path),
    inLanguage: ctx.publication.language,
    isPartOf: { '@type': 'WebSite', name: ctx.publication.name, url: `${ctx.publicUrl}/` },
    publisher: publisher(ctx),
    mainEntity: {
      '@type': 'ItemList',
      itemListElement: page.stories.map((s, index) => ({ '@type': 'ListItem', position: first + index, url: absolute(ctx, s.url) })),
    },
  };
}

/** schema.org NewsArticle for a story page, with the properties Google recommends for articles. */
export function newsArticleJsonLd(ctx: SiteContext, article: Article, sectionName: string | undefined): object {
  const url = absolute(ctx, articlePath(article.slug));
  const images = leadImageUrls(ctx, article.leadImage);
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: truncate(article.headline, MAX_JSON_LD_HEADLINE),
    description: article.dek,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    ...(images.length > 0 ? { image: images } : {}),
    ...(article.publishedAt ? { datePublished: isoDate(article.publishedAt) } : {}),
    dateModified: isoDate(article.updatedAt),
    author: article.authors.map((a) => ({ '@type': 'Person', name: a.name, url: absolute(ctx, authorPath(a.slug)) })),
    publisher: publisher(ctx),
    ...(sectionName ? { articleSection: sectionName } : {}),
    ...(article.tags.length > 0 ? { keywords: article.tags.map((t) => t.name).join(', ') } : {}),
    ...(article.dateline ? { locationCreated: { '@type': 'Place', name: article.dateline } } : {}),
    inLanguage: ctx.publication.language,
    isAccessibleForFree: true,
    wordCount: article.wordCount,
    ...(article.corrections.length > 0
      ? { correction: article.corrections.map((c) => ({ '@type': 'CorrectionComment', text: c.body, datePublished: isoDate(c.correctedAt) })) }
      : {}),
  };
}

/**
 * Absolute URLs of the lead image for NewsArticle.image: the widest JPEG variant first (every
 * consumer can read JPEG), then the original and the widest variant of each other format.
 */
export function leadImageUrls(ctx: SiteContext, image: ImageAttrs | null): string[] {
  if (!image) return [];
  const widest = (type: string) => (image.variants ?? []).filter((v) => v.type === type).sort((a, b) => b.width - a.width)[0]?.src;
  const candidates = [widest('image/jpeg'), image.src, widest('image/png'), widest('image/webp'), widest('image/avif')];
  return [...new Set(candidates.filter((src): src is string => src !== undefined).map((src) => absolute(ctx, src)))];
}

/** The og:image / twitter:image for a lead image: its widest JPEG variant (else the original), with size when known. */
export function socialImageOf(ctx: SiteContext, image: ImageAttrs | null): SocialView['image'] {
  if (!image) return null;
  const jpeg = (image.variants ?? []).filter((v) => v.type === 'image/jpeg').sort((a, b) => b.width - a.width)[0];
  if (!jpeg) return { url: absolute(ctx, image.src), width: image.width ?? null, height: image.height ?? null, alt: image.alt };
  const height = image.width && image.height ? Math.round((jpeg.width * image.height) / image.width) : null;
  return { url: absolute(ctx, jpeg.src), width: jpeg.width, height, alt: image.alt };
}

function publisher(ctx: SiteContext): object {
  const { name, logoUrl } = ctx.publication;
  return {
    '@type': 'NewsMediaOrganization',
    name,
    url: `${ctx.publicUrl}/`,
    ...(logoUrl ? { logo: { '@type': 'ImageObject', url: absolute(ctx, logoUrl) } } : {}),
  };
}

/** At most `max` characters (code points), cut with an ellipsis. */
function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** Stored timestamps → ISO 8601 in UTC (e.g. 2026-05-01T06:00:00.000Z). */
function isoDate(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** Site-relative → absolute on the public origin; absolute URLs stay as they are. */
function absolute(ctx: SiteContext, url: string): string {
  return url.startsWith('/') && !url.startsWith('//') ? `${ctx.publicUrl}${url}` : url;
}
