/**
 * Shapes of the demo newspaper's content, written by hand in `demo-*.ts` files.
 * The seeder (`seed-demo.ts`) turns these into sections, authors, tags, articles and pages.
 */

/** A section of the tree; `children` nest to any depth. */
export interface DemoSection {
  slug: string;
  name: string;
  description: string;
  children?: DemoSection[];
}

export interface DemoAuthor {
  slug: string;
  name: string;
  bio: string;
}

/**
 * One block of an article body. A string is Markdown (paragraphs, `##`/`###` subheads,
 * `>` block quotes, `-`/`1.` lists, tables, `**bold**`, `*italic*`, `[links](https://…)`).
 * The object forms add what Markdown lacks.
 */
export type DemoBodyBlock =
  | string
  | { pullQuote: string; attribution?: string }
  | { figure: DemoImage };

/** An image the seeder draws locally (no photos are copied): a coloured scene with a motif. */
export interface DemoImage {
  /** Words used to pick colours and shapes, e.g. "harbour at dusk". */
  motif: string;
  alt: string;
  caption: string;
  credit: string;
}

export interface DemoArticle {
  slug: string;
  /** Section path of the primary section, e.g. "world/asia/central-asia". */
  section: string;
  /** Further section paths the story also appears in. */
  secondarySections?: string[];
  kicker?: string;
  headline: string;
  dek: string;
  /** Author slugs, in byline order. */
  authors: string[];
  tags: string[];
  /** Dateline place, e.g. "BISHKEK". */
  dateline?: string;
  /** Hours before the seed time that the story was published (0 = newest). */
  publishedHoursAgo: number;
  /** Hours after publication that it was last updated, if it was. */
  updatedHoursAfter?: number;
  lead: DemoImage;
  body: DemoBodyBlock[];
  corrections?: { hoursAfterPublication: number; text: string }[];
}

export interface DemoPage {
  slug: string;
  title: string;
  body: DemoBodyBlock[];
}
