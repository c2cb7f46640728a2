/** What a detected topic is. */
export const TOPIC_KINDS = ['person', 'place', 'organization'] as const;
export type TopicKind = (typeof TOPIC_KINDS)[number];

/** A person, place or organisation that stories are about (not a tag: found in the text, or added by an editor). */
export interface Topic {
  id: number;
  kind: TopicKind;
  slug: string;
  name: string;
}

/** A topic as linked to one article. */
export interface ArticleTopic extends Topic {
  /** auto: detected in the text; editor: added by hand. */
  source: 'auto' | 'editor';
  /** The editor removed it from this article: hidden, and detection will not bring it back. */
  removed: boolean;
  position: number;
}

/** Path of the topic's page. */
export function topicPath(slug: string): string {
  return `/topics/${slug}`;
}

/** Page-cache key of the pages showing a topic (its page, and the article pages that link it). */
export function topicCacheKey(id: number): string {
  return `topic:${id}`;
}

/** Heading of each kind on the article page. */
export const TOPIC_KIND_LABELS: Record<TopicKind, string> = { person: 'People', place: 'Places', organization: 'Organisations' };
