import { z } from 'zod';
import { imageAttrsSchema, richTextDocumentSchema } from '../rich-text/index.js';
import type { ImageAttrs, RichTextDocument } from '../rich-text/index.js';
import type { ArticleStatus } from '../platform/db/tables.js';
import type { Author } from '../authors/index.js';
import type { Tag } from '../topics/index.js';

export type { ArticleStatus };

export const ARTICLE_STATUSES = ['draft', 'in_review', 'scheduled', 'published', 'unpublished'] as const satisfies readonly ArticleStatus[];

/** A dated correction or update note shown under the story. */
export interface Correction {
  id: number;
  body: string;
  correctedAt: string;
}

/** What lists (home, section fronts, feeds, the Content API's list) know of a story. */
export interface ArticleSummary {
  id: number;
  slug: string;
  status: ArticleStatus;
  kicker: string | null;
  headline: string;
  dek: string;
  leadImage: ImageAttrs | null;
  dateline: string | null;
  primarySectionId: number;
  publishedAt: string | null;
  updatedAt: string;
  wordCount: number;
  authors: Author[];
}

/** A whole story with everything its page shows. */
export interface Article extends ArticleSummary {
  seoTitle: string | null;
  seoDescription: string | null;
  socialTitle: string | null;
  socialDescription: string | null;
  body: RichTextDocument;
  bodyText: string;
  secondarySectionIds: number[];
  tags: Tag[];
  corrections: Correction[];
  createdAt: string;
  version: number;
}

/** An article as the newsroom sees it: the story plus its workflow state. */
export interface AdminArticle extends Article {
  /** User id of the staff member who created it. */
  createdBy: number | null;
  /** Set while it is in the trash. */
  deletedAt: string | null;
  scheduledAt: string | null;
  embargoUntil: string | null;
}

/** A list entry in the newsroom's article list. */
export interface AdminArticleSummary extends ArticleSummary {
  version: number;
  createdBy: number | null;
  createdAt: string;
  deletedAt: string | null;
  scheduledAt: string | null;
  embargoUntil: string | null;
}

/** Who has an article open for editing (a soft lock: it warns, it does not block saves). */
export interface ArticleLockInfo {
  userId: number;
  userName: string;
  acquiredAt: string;
  heartbeatAt: string;
}

/** The one canonical path of a story. It never changes with section or date; a changed slug leaves a 301. */
export function articlePath(slug: string): string {
  return `/articles/${slug}`;
}

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** Input for a new article, as the newsroom, importers and the demo seeder give it. */
export const newArticleSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase letters and digits joined by hyphens').max(120).optional(),
    status: z.enum(ARTICLE_STATUSES).default('draft'),
    kicker: optionalText(80),
    headline: z.string().trim().min(1, 'is required').max(300),
    dek: z.string().trim().max(600).default(''),
    seoTitle: optionalText(300),
    seoDescription: optionalText(600),
    socialTitle: optionalText(300),
    socialDescription: optionalText(600),
    body: richTextDocumentSchema,
    leadImage: imageAttrsSchema.nullable().optional(),
    dateline: optionalText(100),
    primarySectionId: z.number().int().positive(),
    secondarySectionIds: z.array(z.number().int().positive()).max(20).default([]),
    authorIds: z.array(z.number().int().positive()).max(20).default([]),
    tagIds: z.array(z.number().int().positive()).max(50).default([]),
    publishedAt: z.iso.datetime({ offset: true }).nullable().optional(),
    updatedAt: z.iso.datetime({ offset: true }).optional(),
    corrections: z.array(z.object({ body: z.string().trim().min(1).max(2000), correctedAt: z.iso.datetime({ offset: true }) }).strict()).max(100).default([]),
  })
  .strict();

export type NewArticleInput = z.input<typeof newArticleSchema>;
export type NewArticle = z.output<typeof newArticleSchema>;
