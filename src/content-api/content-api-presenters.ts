import type { z } from 'zod';
import { articlePath } from '../articles/index.js';
import type { Article } from '../articles/index.js';
import { authorPath } from '../authors/index.js';
import type { Author } from '../authors/index.js';
import { staticPagePath } from '../pages/index.js';
import type { StaticPage } from '../pages/index.js';
import { readingMinutes, renderDocumentHtml } from '../rich-text/index.js';
import type { ImageAttrs } from '../rich-text/index.js';
import type { Section, SectionTree } from '../sections/index.js';
import { tagPath } from '../topics/index.js';
import type { Tag } from '../topics/index.js';
import type {
  ContentArticle,
  ContentSectionNode,
  authorSchema,
  bylineSchema,
  imageSchema,
  pageSchema,
  pageSummarySchema,
  relatedStorySchema,
  sectionRefSchema,
  tagSchema,
} from './content-api-schemas.js';

/** Domain objects → the Content API's snake_case JSON, typed by the response schemas. */

export function sectionUrl(path: string): string {
  return `/${path}/`;
}

export function presentSectionRef(section: Section): z.output<typeof sectionRefSchema> {
  return { id: section.id, slug: section.slug, path: section.path, name: section.name };
}

export function presentSectionNode(section: Section): ContentSectionNode {
  return {
    id: section.id,
    slug: section.slug,
    path: section.path,
    name: section.name,
    description: section.description,
    position: section.position,
    url: sectionUrl(section.path),
    children: section.children.map(presentSectionNode),
  };
}

export function presentByline(author: Author): z.output<typeof bylineSchema> {
  return { id: author.id, slug: author.slug, name: author.name, url: authorPath(author.slug) };
}

export function presentAuthor(author: Author): z.output<typeof authorSchema> {
  return { id: author.id, slug: author.slug, name: author.name, bio: author.bio, photo_url: author.photoUrl, url: authorPath(author.slug) };
}

export function presentTag(tag: Tag): z.output<typeof tagSchema> {
  return { id: tag.id, slug: tag.slug, name: tag.name, url: tagPath(tag.slug) };
}

export function presentImage(image: ImageAttrs): z.output<typeof imageSchema> {
  return {
    src: image.src,
    alt: image.alt,
    caption: image.caption ?? null,
    credit: image.credit ?? null,
    width: image.width ?? null,
    height: image.height ?? null,
    variants: (image.variants ?? []).map((v) => ({ src: v.src, width: v.width, type: v.type })),
  };
}

/** A published story; `tree` resolves its section ids, `publicUrl` is the origin without a trailing slash. */
export function presentArticle(article: Article, tree: SectionTree, publicUrl: string): ContentArticle {
  const url = articlePath(article.slug);
  const primary = tree.byId.get(article.primarySectionId);
  return {
    id: article.id,
    slug: article.slug,
    url,
    absolute_url: `${publicUrl}${url}`,
    status: 'published',
    kicker: article.kicker,
    headline: article.headline,
    dek: article.dek,
    seo_title: article.seoTitle,
    seo_description: article.seoDescription,
    social_title: article.socialTitle,
    social_description: article.socialDescription,
    section: primary ? presentSectionRef(primary) : null,
    sections: article.secondarySectionIds.flatMap((id) => {
      const section = tree.byId.get(id);
      return section ? [presentSectionRef(section)] : [];
    }),
    authors: article.authors.map(presentByline),
    tags: article.tags.map(presentTag),
    dateline: article.dateline,
    lead_image: article.leadImage ? presentImage(article.leadImage) : null,
    body_html: renderDocumentHtml(article.body),
    body: article.body,
    word_count: article.wordCount,
    reading_minutes: readingMinutes(article.wordCount),
    corrections: article.corrections.map((c) => ({ id: c.id, body: c.body, corrected_at: c.correctedAt })),
    // Only visible stories are presented, and those always have a publication time.
    published_at: article.publishedAt ?? article.updatedAt,
    updated_at: article.updatedAt,
    version: article.version,
  };
}

export function presentPageSummary(page: StaticPage): z.output<typeof pageSummarySchema> {
  return { id: page.id, slug: page.slug, title: page.title, url: staticPagePath(page.slug), published_at: page.publishedAt, updated_at: page.updatedAt };
}

export function presentPage(page: StaticPage): z.output<typeof pageSchema> {
  return { ...presentPageSummary(page), body_html: renderDocumentHtml(page.body), body: page.body };
}

/** The Related list of a story for the Content API: stories still public, in list order. */
export function presentRelated(entries: { id: number; reasonText: string }[], stories: (Article | undefined)[]): z.output<typeof relatedStorySchema>[] {
  return entries.flatMap((entry, i) => {
    const story = stories[i];
    return story ? [{ id: story.id, url: articlePath(story.slug), headline: story.headline, reason: entry.reasonText }] : [];
  });
}
