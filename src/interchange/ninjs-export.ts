import { articlePath } from '../articles/index.js';
import type { Article } from '../articles/index.js';
import { authorPath } from '../authors/index.js';
import { renderDocumentHtml } from '../rich-text/index.js';
import type { ImageAttrs } from '../rich-text/index.js';
import { tagPath } from '../topics/index.js';

/** The ninjs version the export conforms to (IPTC ninjs 3.0, JSON Schema draft 2020-12). */
export const NINJS_VERSION = '3.0';
export const NINJS_SCHEMA_URI = 'http://www.iptc.org/std/ninjs/ninjs-schema_3.0.json#';
export const NINJS_CONTENT_TYPE = 'application/ninjs+json';

/** A section as the export names it: its path (e.g. "world/asia") and display name. */
export interface NinjsSectionRef {
  path: string;
  name: string;
}

export interface NinjsExportInput {
  article: Article;
  /** Absolute origin of the reader site, e.g. https://news.example; a trailing slash is ignored. */
  publicUrl: string;
  /** BCP 47 tag of the publication, e.g. "en". */
  language: string;
  primarySection: NinjsSectionRef | null;
  secondarySections?: readonly NinjsSectionRef[];
}

interface NinjsText {
  role?: string;
  contentType?: string;
  value: string;
}

interface NinjsRef {
  name: string;
  rel: string;
  uri: string;
}

interface NinjsRendition {
  name: string;
  href: string;
  contentType?: string;
  width?: number;
  height?: number;
}

interface NinjsPicture {
  name: string;
  uri: string;
  type: 'picture';
  representationType: 'partial';
  by?: string;
  descriptions?: NinjsText[];
  renditions: NinjsRendition[];
}

/** The subset of IPTC ninjs 3.0 this export writes (property names are camelCase in 3.x). */
export interface NinjsDocument {
  uri: string;
  type: 'text';
  representationType: 'full';
  profile: string;
  version: string;
  firstCreated: string;
  versionCreated: string;
  contentCreated: string;
  pubStatus: 'usable';
  language: string;
  standard: { name: 'ninjs'; version: string; schema: string };
  headlines: NinjsText[];
  descriptions?: NinjsText[];
  bodies: (NinjsText & { wordCount: number })[];
  by?: string;
  people?: NinjsRef[];
  subjects?: NinjsRef[];
  located?: string;
  associations?: NinjsPicture[];
}

const EXTENSION_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif', gif: 'image/gif' };

/** A published article as an IPTC ninjs 3.0 news item. Pure: same input, same document. */
export function articleToNinjs(input: NinjsExportInput): NinjsDocument {
  const { article, language } = input;
  const origin = input.publicUrl.replace(/\/+$/, '');
  const absolute = (path: string): string => new URL(path, `${origin}/`).href;
  const dek = article.dek.trim();

  const headlines: NinjsText[] = [{ role: 'main', value: article.headline }];
  if (dek) headlines.push({ role: 'subhead', value: dek });
  if (article.kicker) headlines.push({ role: 'kicker', value: article.kicker });

  const subjects: NinjsRef[] = [
    ...(input.primarySection ? [sectionSubject(input.primarySection, 'section', absolute)] : []),
    ...(input.secondarySections ?? []).map((s) => sectionSubject(s, 'secondarysection', absolute)),
    ...article.tags.map((tag) => ({ name: tag.name, rel: 'tag', uri: absolute(tagPath(tag.slug)) })),
  ];
  const people: NinjsRef[] = article.authors.map((author) => ({ name: author.name, rel: 'author', uri: absolute(authorPath(author.slug)) }));

  return {
    uri: absolute(articlePath(article.slug)),
    type: 'text',
    representationType: 'full',
    profile: 'broadsheet-article',
    version: String(article.version),
    // Only published stories are exported, and those have a publication time.
    firstCreated: article.publishedAt ?? article.createdAt,
    versionCreated: article.updatedAt,
    contentCreated: article.createdAt,
    pubStatus: 'usable',
    language,
    standard: { name: 'ninjs', version: NINJS_VERSION, schema: NINJS_SCHEMA_URI },
    headlines,
    ...(dek ? { descriptions: [{ role: 'summary', value: dek }] } : {}),
    bodies: [{ role: 'main', contentType: 'text/html', value: renderDocumentHtml(article.body), wordCount: article.wordCount }],
    ...(people.length > 0 ? { by: people.map((p) => p.name).join(', '), people } : {}),
    ...(subjects.length > 0 ? { subjects } : {}),
    ...(article.dateline ? { located: article.dateline } : {}),
    ...(article.leadImage ? { associations: [leadImageAssociation(article.leadImage, absolute)] } : {}),
  };
}

function sectionSubject(section: NinjsSectionRef, rel: string, absolute: (path: string) => string): NinjsRef {
  return { name: section.name, rel, uri: absolute(`/${section.path}/`) };
}

function leadImageAssociation(image: ImageAttrs, absolute: (path: string) => string): NinjsPicture {
  const descriptions: NinjsText[] = [];
  if (image.caption) descriptions.push({ role: 'caption', value: image.caption });
  if (image.alt) descriptions.push({ role: 'alt', value: image.alt });
  const original: NinjsRendition = { name: 'original', href: absolute(image.src) };
  const originalType = contentTypeOf(image.src);
  if (originalType) original.contentType = originalType;
  if (image.width) original.width = image.width;
  if (image.height) original.height = image.height;
  const ratio = image.width && image.height ? image.height / image.width : undefined;
  const variants = (image.variants ?? []).map((variant): NinjsRendition => ({
    name: `${variant.width}-${variant.type.replace('image/', '')}`,
    href: absolute(variant.src),
    contentType: variant.type,
    width: variant.width,
    ...(ratio ? { height: Math.round(variant.width * ratio) } : {}),
  }));
  return {
    name: 'leadimage',
    uri: absolute(image.src),
    type: 'picture',
    representationType: 'partial',
    ...(image.credit ? { by: image.credit } : {}),
    ...(descriptions.length > 0 ? { descriptions } : {}),
    renditions: [original, ...variants],
  };
}

function contentTypeOf(src: string): string | undefined {
  const match = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(src);
  return match ? EXTENSION_TYPES[match[1]!.toLowerCase()] : undefined;
}
