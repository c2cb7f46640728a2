/**
 * The plain objects the theme's Liquid templates receive. This file is the contract with
 * theme authors: every field a template may use is listed and explained here, and
 * themes/default/README.md points to it. Strings are plain text (Liquid escapes them with
 * `| escape`) unless the field name ends in `Html`, which is already sanitised HTML.
 */

/** A link: visible text and a site-relative URL. */
export interface LinkView {
  name: string;
  url: string;
}

/** A moment shown to readers: ISO 8601 for `<time datetime>`, and text in the publication's time zone. */
export interface TimeView {
  iso: string;
  /** e.g. "27 November 2026, 14:05 GMT" */
  display: string;
  /** e.g. "27 Nov 2026" */
  short: string;
}

/** An image with responsive candidates. `srcset*` are ready for `srcset` attributes ('' when absent). */
export interface ImageView {
  src: string;
  alt: string;
  width: number | null;
  height: number | null;
  caption: string;
  credit: string;
  srcsetAvif: string;
  srcsetWebp: string;
  srcsetJpeg: string;
}

/**
 * Open Graph and Twitter card data for `<head>` (og:*, article:*, twitter:*). Strings are plain
 * text and URLs are absolute; the layout escapes them like any other field.
 */
export interface SocialView {
  /** og:site_name: the publication's name. */
  siteName: string;
  /** og:type: "article" on story pages, "website" everywhere else. */
  type: 'article' | 'website';
  /** og:locale: the publication's language with an underscore, e.g. "en_GB". */
  locale: string;
  /** og:title / twitter:title. On story pages: social title → SEO title → headline. */
  title: string;
  /** og:description / twitter:description. On story pages: social description → SEO description → dek. */
  description: string;
  /** og:url: the canonical URL, or '' when the page has none (404). */
  url: string;
  /** og:image / twitter:image with og:image:width/height/alt when known; null when the page has no picture. */
  image: { url: string; width: number | null; height: number | null; alt: string } | null;
  /** twitter:card: "summary_large_image" when there is an image, "summary" otherwise. */
  twitterCard: 'summary' | 'summary_large_image';
  /** article:* properties; set on story pages only. Times are ISO 8601 ('' when unknown). */
  article: { publishedTime: string; modifiedTime: string; section: string; tags: string[] } | null;
}

/** Things every page has: the publication, its navigation and the page's metadata. */
export interface LayoutView {
  publication: {
    name: string;
    description: string;
    /** BCP 47 tag for `<html lang>`. */
    language: string;
    logoUrl: string | null;
    /** Absolute origin, e.g. https://news.example.com */
    url: string;
  };
  /** Top-level sections for the header navigation; `isCurrent` marks the one being read. */
  nav: (LinkView & { isCurrent: boolean })[];
  footer: {
    sections: LinkView[];
    pages: LinkView[];
  };
  /**
   * Entity keys of everything this page shows (e.g. "article:12", "list:section:3", "site"): sent
   * as the Surrogate-Key header and used by the page cache to drop exactly the affected pages.
   */
  surrogateKeys: string[];
  meta: {
    /** `<title>` text. */
    title: string;
    description: string;
    /** Absolute canonical URL, or '' when the page has none (404). */
    canonicalUrl: string;
    /** e.g. "noindex" for error pages; '' otherwise. */
    robots: string;
    /** JSON-LD objects, already serialised and safe to place inside `<script type="application/ld+json">`. */
    jsonLd: string[];
  };
  /** Open Graph and Twitter card tags for `<head>`. */
  social: SocialView;
}

/** A story as lists show it (home, section fronts, author and tag pages). */
export interface StoryCardView {
  /** The story's id. */
  id: number;
  url: string;
  kicker: string;
  headline: string;
  dek: string;
  image: ImageView | null;
  section: LinkView | null;
  authors: LinkView[];
  published: TimeView | null;
  readingMinutes: number;
}

export interface PaginationView {
  page: number;
  totalPages: number;
  /** '' when there is no previous/next page. */
  previousUrl: string;
  nextUrl: string;
}

/** An empty block slot of the article page, filled by later features (Related, Public Reaction, …). */
export interface SlotView {
  /** Stable identifier, also the element id: "related", "public-reaction", "editors-picks", "trending". */
  id: string;
  title: string;
  stories: StoryCardView[];
  /** Pre-rendered HTML for slots that are not lists of stories (e.g. reactions and comments). */
  contentHtml: string;
  isEmpty: boolean;
}

export interface HomePageView extends LayoutView {
  lead: StoryCardView | null;
  /** Discovery blocks after the lead ("editors-picks", "trending"); only those with content. */
  blocks: SlotView[];
  sections: { section: LinkView; stories: StoryCardView[] }[];
}

export interface SectionPageView extends LayoutView {
  section: LinkView & { description: string };
  /** Home › … › this section (the last item is the current page). */
  breadcrumb: LinkView[];
  subsections: LinkView[];
  stories: StoryCardView[];
  pagination: PaginationView;
}

export interface ArticlePageView extends LayoutView {
  article: {
    id: number;
    url: string;
    kicker: string;
    headline: string;
    dek: string;
    authors: LinkView[];
    dateline: string;
    published: TimeView | null;
    /** Set only when the story was updated after publication. */
    updated: TimeView | null;
    readingMinutes: number;
    leadImage: ImageView | null;
    bodyHtml: string;
    corrections: { text: string; date: TimeView }[];
    tags: LinkView[];
    /** "In this story": People, Places, Organisations (only kinds with topics), each linking to /topics/{slug}. */
    topicGroups: { label: string; topics: LinkView[] }[];
  };
  breadcrumb: LinkView[];
  /** "Read the latest World news on The Daily Example" → the top-level section front. */
  sectionCallToAction: { text: string; url: string } | null;
  /** In page order: related, public-reaction, editors-picks, trending. */
  slots: SlotView[];
}

export interface ListPageView extends LayoutView {
  heading: string;
  intro: string;
  /** Author photo on author pages; null elsewhere. */
  photoUrl: string | null;
  stories: StoryCardView[];
  pagination: PaginationView;
}

/** One option of a search filter `<select>`. */
export interface FilterOptionView {
  /** The value sent in the URL: a section path ("world/europe") or an author slug. */
  value: string;
  /** Visible text, e.g. "World › Europe". */
  name: string;
  selected: boolean;
}

/** One search result: the story's card plus the match, highlighted. */
export interface SearchResultView {
  story: StoryCardView;
  /**
   * The headline with matched words in `<mark>`: escaped text plus `<mark>` elements only,
   * safe for `| raw`.
   */
  headlineHtml: string;
  /** A passage of the story around the matches (body, else the standfirst), escaped, with `<mark>`; safe for `| raw`. */
  snippetHtml: string;
}

/** The search page, /search?q=…&section=…&author=…&from=…&to=…&page=N (search.liquid). */
export interface SearchPageView extends LayoutView {
  heading: string;
  /** The query as searched (cleaned, at most 200 characters); '' before a search. */
  query: string;
  /** True once there is something to search for; false shows the form only. */
  hasQuery: boolean;
  /** Current filter values, to fill the form: section path, author slug, from/to as YYYY-MM-DD ('' when unset). */
  filters: { section: string; author: string; from: string; to: string };
  /** True when any filter is set (the template may show "clear filters"). */
  hasFilters: boolean;
  /** Every section, as "Parent › Child", in tree order. */
  sectionOptions: FilterOptionView[];
  authorOptions: FilterOptionView[];
  /** All matches, not only this page's. */
  total: number;
  /** e.g. "3 results for “volga”" / "No results for “volga”"; '' before a search. */
  summary: string;
  /** Problems with the input, each a sentence (ignored filter, shortened query); empty when none. */
  notices: string[];
  results: SearchResultView[];
  /** Previous/next links keep the query and filters. */
  pagination: PaginationView;
  /** URL of the search without filters ('' when there are none). */
  clearFiltersUrl: string;
}

export interface StaticPageView extends LayoutView {
  page: { title: string; bodyHtml: string; updated: TimeView };
}

export interface ErrorPageView extends LayoutView {
  status: number;
  heading: string;
  message: string;
  /** Show the search box (404) or not. */
  showSearch: boolean;
}
