import type { FeedDocument, FeedItem } from './feed-model.js';
import { escapeXml, xmlElement } from './xml-text.js';

/** Atom 1.0 (RFC 4287). Titles and summaries are plain text; the body is escaped HTML. */
export function renderAtomFeed(feed: FeedDocument): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.language)}">`,
    xmlElement('id', feed.feedUrls.atom),
    xmlElement('title', feed.title),
    ...(feed.description ? [xmlElement('subtitle', feed.description)] : []),
    xmlElement('updated', feed.updatedAt),
    `<link rel="self" type="application/atom+xml" href="${escapeXml(feed.feedUrls.atom)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(feed.homeUrl)}"/>`,
    `<author>${xmlElement('name', feed.publisher)}</author>`,
    ...(feed.iconUrl ? [xmlElement('logo', feed.iconUrl)] : []),
    ...feed.items.map(renderEntry),
    '</feed>',
    '',
  ].join('\n');
}

function renderEntry(item: FeedItem): string {
  const parts = [
    xmlElement('id', item.url),
    xmlElement('title', item.title),
    `<link rel="alternate" type="text/html" href="${escapeXml(item.url)}"/>`,
    xmlElement('published', item.publishedAt),
    xmlElement('updated', item.updatedAt),
    ...item.authors.map((a) => `<author>${xmlElement('name', a.name)}${xmlElement('uri', a.url)}</author>`),
    ...item.categories.map((c) => `<category term="${escapeXml(c.term)}" scheme="${escapeXml(c.scheme)}" label="${escapeXml(c.label)}"/>`),
    ...(item.image ? [`<link rel="enclosure" type="${escapeXml(item.image.type)}" href="${escapeXml(item.image.url)}"/>`] : []),
    ...(item.summary ? [`<summary type="text">${escapeXml(item.summary)}</summary>`] : []),
    ...(item.contentHtml === null ? [] : [`<content type="html">${escapeXml(item.contentHtml)}</content>`]),
  ];
  return `<entry>\n${parts.join('\n')}\n</entry>`;
}
