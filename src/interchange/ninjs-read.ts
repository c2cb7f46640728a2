import { escapeHtml } from '../rich-text/index.js';
import { describeIssues, detectNinjsFamily, ninjsShapes } from './ninjs-schemas.js';
import type { NinjsFamily } from './ninjs-schemas.js';

/** What the importer takes from a ninjs document, whatever its version. Pure data. */
export interface NinjsStory {
  family: NinjsFamily;
  uri: string;
  version: string | null;
  /** ninjs `type` (text, picture, event, …); "text" when absent. */
  type: string;
  headline: string;
  /** Where the headline came from when the document had none ("title", "slugline", …). */
  headlineSource: string;
  kicker: string | null;
  dek: string;
  /** Body HTML as the document gives it (sanitised later by the rich-text conversion). */
  bodyHtml: string;
  bylines: string[];
  sections: { name: string; uri: string | null; primary: boolean }[];
  tags: string[];
  dateline: string | null;
  firstCreated: string | null;
  versionCreated: string | null;
  language: string | null;
  pubStatus: 'usable' | 'withheld' | 'canceled';
  leadImage: { src: string; alt: string; caption?: string; credit?: string; width?: number; height?: number } | null;
}

export type NinjsReadResult = { ok: true; story: NinjsStory } | { ok: false; family: NinjsFamily | null; problems: string[] };

type Doc = Record<string, unknown>;
interface TextItem {
  role?: string;
  value: string;
  contentType?: string;
  contenttype?: string;
}
interface Ref {
  name?: string;
  rel?: string;
  uri?: string;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const arr = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
const isHttp = (url: string | undefined): url is string => {
  if (!url) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
};

/** Validates a parsed JSON value as ninjs (shape chosen by {@link detectNinjsFamily}) and maps it. */
export function readNinjs(input: unknown): NinjsReadResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, family: null, problems: ['(document): a ninjs document is a JSON object'] };
  const family = detectNinjsFamily(input as Doc);
  const parsed = ninjsShapes[family].safeParse(input);
  if (!parsed.success) return { ok: false, family, problems: describeIssues(parsed.error) };
  const doc = parsed.data;
  const story = family === '1' ? readFamily1(doc) : readPlural(doc, family);
  return { ok: true, story };
}

function contentTypeOf(item: TextItem): string {
  return (item.contentType ?? item.contenttype ?? '').toLowerCase();
}

function pickBody(bodies: TextItem[]): string {
  if (bodies.length === 0) return '';
  const score = (b: TextItem): number => {
    const type = contentTypeOf(b);
    const role = (b.role ?? '').toLowerCase();
    return (role === '' || role === 'main' ? 2 : 0) + (type.includes('html') || type.includes('xml') ? 1 : 0);
  };
  const best = [...bodies].sort((a, b) => score(b) - score(a))[0]!;
  const type = contentTypeOf(best);
  // Without a content type, markup decides; text/plain is always text (its "<" are characters).
  const isMarkup = type === '' ? /<\/?[a-z][a-z0-9]*[\s>/]/i.test(best.value) : type.includes('html') || type.includes('xml');
  return isMarkup ? best.value : plainTextToHtml(best.value);
}

/** Plain text as paragraphs: blank lines separate them, single newlines become line breaks. */
export function plainTextToHtml(value: string): string {
  return value
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** "By Jane Doe, John Roe and Ann Poe" → three names; agencies and roles stay as written. */
export function splitByline(by: string): string[] {
  return by
    .replace(/^\s*by\s+/i, '')
    .split(/\s*(?:,|;|\/|&|\band\b)\s*/i)
    .map((name) => name.trim())
    .filter((name) => name !== '' && name.length <= 120);
}

function headlineOf(doc: Doc, headlines: TextItem[], descriptions: TextItem[]): { headline: string; source: string } {
  const main = headlines.find((h) => !h.role || h.role === 'main') ?? headlines[0];
  if (main && str(main.value)) return { headline: main.value.trim(), source: 'headline' };
  for (const key of ['title', 'slugline'] as const) {
    const value = str(doc[key]);
    if (value) return { headline: value, source: key };
  }
  const description = descriptions.find((d) => str(d.value));
  if (description) return { headline: stripTags(description.value).slice(0, 200), source: 'description' };
  return { headline: String(doc.uri), source: 'uri' };
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

function pluralImage(doc: Doc, family: NinjsFamily): NinjsStory['leadImage'] {
  const associations = arr<Doc>(doc.associations);
  const picture = associations.find((a) => a.type === 'picture' || a.type === 'graphic') ?? (doc.type === 'picture' || doc.type === 'graphic' ? doc : undefined);
  if (!picture) return null;
  const renditions = arr<{ name: string; href?: string; width?: number; height?: number; contentType?: string; contenttype?: string; mimetype?: string }>(picture.renditions).filter((r) => isHttp(r.href));
  const imageType = (r: (typeof renditions)[number]): boolean => {
    const type = r.contentType ?? r.contenttype ?? r.mimetype;
    return type === undefined || type.startsWith('image/');
  };
  const candidates = renditions.filter(imageType);
  const chosen =
    candidates.find((r) => /^(original|baseimage|highres|hires|main)$/i.test(r.name)) ?? [...candidates].sort((a, b) => (b.width ?? 0) - (a.width ?? 0))[0] ?? (isHttp(picture.uri as string) && /\.(jpe?g|png|gif|webp|avif)(\?|$)/i.test(picture.uri as string) ? { name: 'uri', href: picture.uri as string } : undefined);
  if (!chosen?.href) return null;
  const descriptions = arr<TextItem>(picture.descriptions);
  const alt = descriptions.find((d) => d.role === 'alt')?.value ?? '';
  const caption = descriptions.find((d) => d.role === 'caption' || !d.role)?.value;
  const headline = arr<TextItem>(picture.headlines)[0]?.value;
  const credit = str(picture.by) ?? str((picture as Doc)[family === '3' ? 'copyrightHolder' : 'copyrightholder']);
  return {
    src: chosen.href,
    alt: (alt || headline || caption || '').slice(0, 1000),
    ...(caption ? { caption: stripTags(caption).slice(0, 2000) } : {}),
    ...(credit ? { credit: credit.slice(0, 500) } : {}),
    ...(chosen.width && chosen.width > 0 && chosen.width <= 20_000 ? { width: chosen.width } : {}),
    ...(chosen.height && chosen.height > 0 && chosen.height <= 20_000 ? { height: chosen.height } : {}),
  };
}

function readPlural(doc: Doc, family: NinjsFamily): NinjsStory {
  const n = family === '3' ? { versionCreated: 'versionCreated', firstCreated: 'firstCreated', pubStatus: 'pubStatus' } : { versionCreated: 'versioncreated', firstCreated: 'firstcreated', pubStatus: 'pubstatus' };
  const headlines = arr<TextItem>(doc.headlines);
  const descriptions = arr<TextItem>(doc.descriptions);
  const { headline, source } = headlineOf(doc, headlines, descriptions);
  const subhead = headlines.find((h) => h.role === 'subhead' || h.role === 'sub')?.value;
  const summary = descriptions.find((d) => d.role === 'summary' || d.role === 'abstract' || d.role === 'teaser')?.value;
  const people = arr<Ref>(doc.people);
  const authorPeople = people.filter((p) => p.name && (p.rel === 'author' || p.rel === 'creator' || p.rel === 'by'));
  const bylines = authorPeople.length > 0 ? authorPeople.map((p) => p.name!.trim()) : str(doc.by) ? splitByline(doc.by as string) : [];
  const subjects = arr<Ref>(doc.subjects);
  const sections = subjects
    .filter((s) => s.name && (s.rel === 'section' || s.rel === 'secondarysection'))
    .map((s) => ({ name: s.name!, uri: s.uri ?? null, primary: s.rel === 'section' }));
  const tags = subjects.filter((s) => s.name && s.rel !== 'section' && s.rel !== 'secondarysection').map((s) => s.name!.trim());
  const places = arr<Ref>(doc.places);
  return {
    family,
    uri: String(doc.uri),
    version: str(doc.version),
    type: str(doc.type) ?? 'text',
    headline,
    headlineSource: source,
    kicker: headlines.find((h) => h.role === 'kicker')?.value.trim() ?? null,
    dek: stripTags(summary ?? subhead ?? ''),
    bodyHtml: pickBody(arr<TextItem>(doc.bodies)),
    bylines,
    sections,
    tags,
    dateline: str(doc.located) ?? str(places[0]?.name) ?? null,
    firstCreated: str(doc[n.firstCreated]),
    versionCreated: str(doc[n.versionCreated]),
    language: str(doc.language),
    pubStatus: (doc[n.pubStatus] as NinjsStory['pubStatus'] | undefined) ?? 'usable',
    leadImage: pluralImage(doc, family),
  };
}

function readFamily1(doc: Doc): NinjsStory {
  const bodyKey = ['body_html', 'body_xhtml', 'body_nitf'].find((k) => str(doc[k])) ?? Object.keys(doc).find((k) => k.startsWith('body_') && str(doc[k]));
  const rawBody = bodyKey ? (doc[bodyKey] as string) : '';
  const bodyHtml = bodyKey && bodyKey !== 'body_text' && (bodyKey.includes('html') || bodyKey.includes('xml') || bodyKey.includes('nitf')) ? rawBody : plainTextToHtml(rawBody);
  const descriptionKey = Object.keys(doc).find((k) => k.startsWith('description_') && str(doc[k]));
  const headlines: TextItem[] = str(doc.headline) ? [{ value: doc.headline as string }] : [];
  const descriptions: TextItem[] = descriptionKey ? [{ value: doc[descriptionKey] as string }] : [];
  const { headline, source } = headlineOf(doc, headlines, descriptions);
  const subjects = arr<Ref>(doc.subject);
  const authorPeople = arr<Ref>(doc.person).filter((p) => p.name && (p.rel === 'author' || p.rel === 'creator'));
  const associations = Object.values((doc.associations as Record<string, Doc> | undefined) ?? {});
  const picture = associations.find((a) => a.type === 'picture' || a.type === 'graphic') ?? (doc.type === 'picture' ? doc : undefined);
  let leadImage: NinjsStory['leadImage'] = null;
  if (picture) {
    const renditions = Object.entries((picture.renditions as Record<string, { href?: string; width?: number; height?: number }> | undefined) ?? {}).filter(([, r]) => isHttp(r.href));
    const chosen = renditions.find(([name]) => /^(original|baseimage|main)$/i.test(name))?.[1] ?? renditions.sort(([, a], [, b]) => (b.width ?? 0) - (a.width ?? 0))[0]?.[1];
    if (chosen?.href) {
      const caption = Object.keys(picture).find((k) => k.startsWith('description_'));
      leadImage = {
        src: chosen.href,
        alt: (str(picture.headline) ?? '').slice(0, 1000),
        ...(caption && str(picture[caption]) ? { caption: stripTags(picture[caption] as string).slice(0, 2000) } : {}),
        ...(str(picture.byline) ? { credit: (picture.byline as string).slice(0, 500) } : {}),
        ...(chosen.width && chosen.width > 0 && chosen.width <= 20_000 ? { width: chosen.width } : {}),
        ...(chosen.height && chosen.height > 0 && chosen.height <= 20_000 ? { height: chosen.height } : {}),
      };
    }
  }
  return {
    family: '1',
    uri: String(doc.uri),
    version: str(doc.version),
    type: str(doc.type) ?? 'text',
    headline,
    headlineSource: source,
    kicker: null,
    dek: '',
    bodyHtml,
    bylines: authorPeople.length > 0 ? authorPeople.map((p) => p.name!.trim()) : str(doc.byline) ? splitByline(doc.byline as string) : [],
    sections: [],
    tags: subjects.filter((s) => s.name).map((s) => s.name!.trim()),
    dateline: str(doc.located) ?? str(arr<Ref>(doc.place)[0]?.name) ?? null,
    firstCreated: str(doc.firstcreated),
    versionCreated: str(doc.versioncreated),
    language: str(doc.language),
    pubStatus: (doc.pubstatus as NinjsStory['pubStatus'] | undefined) ?? 'usable',
    leadImage,
  };
}
