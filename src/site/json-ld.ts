import type { Article } from '../articles/index.js';
import type { SiteContext } from './site-context.js';
import type { LinkView } from './view-models.js';
import { articlePath, authorPath } from './site-paths.js';

/** schema.org BreadcrumbList for a breadcrumb trail of site-relative links. */
export function breadcrumbListJsonLd(ctx: SiteContext, trail: LinkView[]): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: trail.map((item, index) => ({ '@type': 'ListItem', position: index + 1, name: item.name, item: `${ctx.publicUrl}${item.url}` })),
  };
}

/** schema.org Organization for the publication. */
export function organizationJsonLd(ctx: SiteContext): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsMediaOrganization',
    name: ctx.publication.name,
    url: `${ctx.publicUrl}/`,
    ...(ctx.publication.logoUrl ? { logo: { '@type': 'ImageObject', url: absolute(ctx, ctx.publication.logoUrl) } } : {}),
  };
}

/** schema.org NewsArticle for a story page. */
export function newsArticleJsonLd(ctx: SiteContext, article: Article, sectionName: string | undefined): object {
  const url = `${ctx.publicUrl}${articlePath(article.slug)}`;
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.headline.slice(0, 110),
    description: article.dek,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    ...(article.leadImage ? { image: [absolute(ctx, article.leadImage.src)] } : {}),
    ...(article.publishedAt ? { datePublished: article.publishedAt } : {}),
    dateModified: article.updatedAt,
    author: article.authors.map((a) => ({ '@type': 'Person', name: a.name, url: `${ctx.publicUrl}${authorPath(a.slug)}` })),
    publisher: organizationJsonLd(ctx),
    ...(sectionName ? { articleSection: sectionName } : {}),
    ...(article.tags.length > 0 ? { keywords: article.tags.map((t) => t.name).join(', ') } : {}),
    ...(article.dateline ? { locationCreated: { '@type': 'Place', name: article.dateline } } : {}),
    wordCount: article.wordCount,
    ...(article.corrections.length > 0
      ? { correction: article.corrections.map((c) => ({ '@type': 'CorrectionComment', text: c.body, datePublished: c.correctedAt })) }
      : {}),
  };
}

function absolute(ctx: SiteContext, url: string): string {
  return url.startsWith('/') ? `${ctx.publicUrl}${url}` : url;
}
