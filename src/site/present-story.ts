import { readingMinutes } from '../rich-text/index.js';
import type { ImageAttrs } from '../rich-text/index.js';
import type { ArticleSummary } from '../articles/index.js';
import { articlePath, authorPath, sectionPath } from './site-paths.js';
import type { SiteContext } from './site-context.js';
import { toTimeView } from './time-format.js';
import type { ImageView, PaginationView, StoryCardView } from './view-models.js';
import { pagedPath } from './site-paths.js';

/** An image attribute set → the template's ImageView with ready srcset strings. */
export function presentImage(image: ImageAttrs | null): ImageView | null {
  if (!image) return null;
  const srcset = (type: string) =>
    (image.variants ?? [])
      .filter((v) => v.type === type)
      .sort((a, b) => a.width - b.width)
      .map((v) => `${v.src} ${v.width}w`)
      .join(', ');
  return {
    src: image.src,
    alt: image.alt,
    width: image.width ?? null,
    height: image.height ?? null,
    caption: image.caption ?? '',
    credit: image.credit ?? '',
    srcsetAvif: srcset('image/avif'),
    srcsetWebp: srcset('image/webp'),
    srcsetJpeg: srcset('image/jpeg'),
  };
}

/**
 * Entity keys of a list of story cards: each story, and each author named on a card (an
 * author's rename changes every card that shows their name).
 */
export function storyCardKeys(stories: readonly ArticleSummary[]): string[] {
  return stories.flatMap((s) => [`article:${s.id}`, ...s.authors.map((a) => `author:${a.id}`)]);
}

/** A story summary → a card. */
export function presentStoryCard(ctx: SiteContext, story: ArticleSummary): StoryCardView {
  const section = ctx.tree.byId.get(story.primarySectionId);
  return {
    id: story.id,
    url: articlePath(story.slug),
    kicker: story.kicker ?? '',
    headline: story.headline,
    dek: story.dek,
    image: presentImage(story.leadImage),
    section: section ? { name: section.name, url: sectionPath(section.path) } : null,
    authors: story.authors.map((a) => ({ name: a.name, url: authorPath(a.slug) })),
    published: story.publishedAt ? toTimeView(story.publishedAt, ctx.publication.language, ctx.publication.timeZone) : null,
    readingMinutes: readingMinutes(story.wordCount),
  };
}

/** Page N of M with links for a list at `path`. */
export function presentPagination(path: string, page: number, total: number, perPage: number, extraQuery = ''): PaginationView {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    page,
    totalPages,
    previousUrl: page > 1 ? pagedPath(path, page - 1, extraQuery) : '',
    nextUrl: page < totalPages ? pagedPath(path, page + 1, extraQuery) : '',
  };
}
