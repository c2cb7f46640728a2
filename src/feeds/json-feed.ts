import type { FeedDocument, FeedItem } from './feed-model.js';

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). */
export function renderJsonFeed(feed: FeedDocument): string {
  return `${JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: feed.title,
      home_page_url: feed.homeUrl,
      feed_url: feed.feedUrls.json,
      description: feed.description,
      language: feed.language,
      ...(feed.iconUrl ? { icon: feed.iconUrl } : {}),
      items: feed.items.map(presentItem),
    },
    null,
    2,
  )}\n`;
}

function presentItem(item: FeedItem): Record<string, unknown> {
  return {
    id: item.url,
    url: item.url,
    title: item.title,
    // An item needs content_html or content_text; with summaries only, the standfirst is the text.
    ...(item.contentHtml === null ? { content_text: item.summary || item.title } : { content_html: item.contentHtml }),
    ...(item.summary ? { summary: item.summary } : {}),
    ...(item.image ? { image: item.image.url } : {}),
    date_published: item.publishedAt,
    date_modified: item.updatedAt,
    authors: item.authors.map((a) => ({ name: a.name, url: a.url })),
    tags: item.categories.map((c) => c.label),
  };
}
