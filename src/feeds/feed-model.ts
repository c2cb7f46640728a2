/** A feed as the three formats (RSS 2.0, Atom 1.0, JSON Feed 1.1) need it; every URL is absolute. */
export interface FeedDocument {
  title: string;
  description: string;
  /** BCP 47 tag of the publication, e.g. "en-GB". */
  language: string;
  /** The HTML page this feed mirrors (home, section front, author or tag page). */
  homeUrl: string;
  /** This feed's own URL in each format, for rel="self" and cross-links. */
  feedUrls: FeedUrls;
  /** Newest change of any item (ISO); the feed's Last-Modified. */
  updatedAt: string;
  iconUrl: string | null;
  /** The publication's name: Atom needs a feed-level author for entries without a byline. */
  publisher: string;
  items: FeedItem[];
}

export interface FeedUrls {
  rss: string;
  atom: string;
  json: string;
}

export interface FeedItem {
  /** The canonical article URL; also the stable id, since it never changes (slug changes 301). */
  url: string;
  title: string;
  summary: string;
  /** Full body HTML, or null when FEED_FULL_CONTENT is false. */
  contentHtml: string | null;
  publishedAt: string;
  updatedAt: string;
  authors: FeedPerson[];
  categories: FeedCategory[];
  image: FeedImage | null;
}

export interface FeedPerson {
  name: string;
  url: string;
}

export interface FeedCategory {
  /** Machine term: the section path or tag slug. */
  term: string;
  label: string;
  /** Scheme URL; scheme + term is the page listing the category (`https://…/` + `world/asia`, `https://…/tags/` + `elections`). */
  scheme: string;
}

export interface FeedImage {
  url: string;
  /** MIME type, e.g. image/jpeg. */
  type: string;
  alt: string;
  width: number | null;
}
