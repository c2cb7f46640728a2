import type { FeedDocument, FeedItem } from './feed-model.js';
import { escapeXml, rfc822Date, xmlElement } from './xml-text.js';

/**
 * RSS 2.0 with the modules readers expect: content:encoded for the body, dc:creator for bylines
 * (RSS's own <author> must be an e-mail address, which we do not publish), media:content and an
 * enclosure for the lead image, and atom:link rel="self" as the RSS Advisory Board recommends.
 */
export function renderRssFeed(feed: FeedDocument): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">',
    '<channel>',
    xmlElement('title', feed.title),
    xmlElement('link', feed.homeUrl),
    xmlElement('description', feed.description),
    xmlElement('language', feed.language),
    xmlElement('lastBuildDate', rfc822Date(feed.updatedAt)),
    `<atom:link href="${escapeXml(feed.feedUrls.rss)}" rel="self" type="application/rss+xml"/>`,
    ...(feed.iconUrl ? [`<image>${xmlElement('url', feed.iconUrl)}${xmlElement('title', feed.title)}${xmlElement('link', feed.homeUrl)}</image>`] : []),
    ...feed.items.map(renderItem),
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

function renderItem(item: FeedItem): string {
  const parts = [
    xmlElement('title', item.title),
    xmlElement('link', item.url),
    `<guid isPermaLink="true">${escapeXml(item.url)}</guid>`,
    xmlElement('pubDate', rfc822Date(item.publishedAt)),
    xmlElement('description', item.summary),
    ...(item.contentHtml === null ? [] : [xmlElement('content:encoded', item.contentHtml)]),
    ...item.authors.map((a) => xmlElement('dc:creator', a.name)),
    ...item.categories.map((c) => `<category domain="${escapeXml(c.scheme)}">${escapeXml(c.label)}</category>`),
  ];
  if (item.image) {
    const { url, type, alt } = item.image;
    // The file size is not stored; 0 is the customary "unknown" value readers accept.
    parts.push(`<enclosure url="${escapeXml(url)}" length="0" type="${escapeXml(type)}"/>`);
    parts.push(`<media:content url="${escapeXml(url)}" medium="image" type="${escapeXml(type)}"${item.image.width ? ` width="${item.image.width}"` : ''}>${alt ? xmlElement('media:description', alt) : ''}</media:content>`);
  }
  return `<item>\n${parts.join('\n')}\n</item>`;
}
