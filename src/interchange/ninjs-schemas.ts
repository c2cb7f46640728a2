import { z } from 'zod';

/**
 * Structural validation of IPTC ninjs documents at runtime (zod). ninjs comes in three shapes:
 *  - 1.x: single `headline`, `byline`, `body_*` / `description_*` / `headline_*` pattern keys,
 *    `subject` / `place` / `person` arrays, `renditions` and `associations` as name-keyed maps;
 *  - 2.x: plural arrays (`headlines`, `bodies`, `subjects`, `places`, `people`), all-lowercase keys;
 *  - 3.x: the 2.x model with camelCase keys (`versionCreated`, `pubStatus`, `contentType`, …).
 * Every shape refuses unknown top-level properties (the IPTC schemas do too) and checks the
 * constraints the IPTC test suite exercises (urgency range, associations needing name and uri,
 * rights given one way, event dates given one way, truncated dates, GeoJSON shape). Fields the
 * importer does not use are checked for their JSON type only; the tests additionally validate
 * the corpus with ajv against the IPTC JSON Schemas themselves.
 */
export type NinjsFamily = '1' | '2' | '3';

const text = z.string();
const loose = z.looseObject({});
const truncatedDate = z
  .string()
  .regex(/^(-?(?:[1-9][0-9]*)?[0-9]{4})(-(1[0-2]|0[1-9])(-(3[01]|0[1-9]|[12][0-9])(T(2[0-3]|[01][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]+)?(Z|[+-](?:2[0-3]|[01][0-9]):[0-5][0-9])?)?)?)?$/, 'must be a (truncated) ISO 8601 date');
const dateTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date-time');

/** A minimal GeoJSON check: an object with a known `type`, and numeric coordinates where given. */
const geoJson = z
  .looseObject({
    type: z.enum(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection', 'Feature', 'FeatureCollection']),
  })
  .superRefine((value, ctx) => {
    const coordinates = (value as { coordinates?: unknown }).coordinates;
    const numeric = (c: unknown): boolean => (Array.isArray(c) ? c.every(numeric) : typeof c === 'number');
    if (coordinates !== undefined && !numeric(coordinates)) ctx.addIssue({ code: 'custom', message: 'GeoJSON coordinates must be numbers' });
  });

function exactlyOne(keys: [string, string], message: string) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    const present = keys.filter((k) => value[k] !== undefined).length;
    if (present !== 1) ctx.addIssue({ code: 'custom', message });
  };
}

/** Names of the properties that differ between 2.x (lowercase) and 3.x (camelCase). */
const NAMES = {
  '2': { contentType: 'contenttype', versionCreated: 'versioncreated', firstCreated: 'firstcreated', contentCreated: 'contentcreated', pubStatus: 'pubstatus', representationType: 'representationtype', rightsInfo: 'rightsinfo', linkedRights: 'linkedrights', encodedRights: 'encodedrights', geoJSON: 'geojson' },
  '3': { contentType: 'contentType', versionCreated: 'versionCreated', firstCreated: 'firstCreated', contentCreated: 'contentCreated', pubStatus: 'pubStatus', representationType: 'representationType', rightsInfo: 'rightsInfo', linkedRights: 'linkedRights', encodedRights: 'encodedRights', geoJSON: 'geoJSON' },
} as const;

const TOP_LEVEL_2 = ['uri', 'type', 'representationtype', 'profile', 'version', 'firstcreated', 'versioncreated', 'contentcreated', 'embargoed', 'pubstatus', 'urgency', 'copyrightholder', 'copyrightnotice', 'usageterms', 'ednote', 'language', 'descriptions', 'bodies', 'headlines', 'people', 'organisations', 'places', 'subjects', 'events', 'objects', 'infosources', 'title', 'by', 'slugline', 'located', 'renditions', 'associations', 'altids', 'trustindicators', 'standard', 'genres', 'expires', 'rightsinfo', 'digitalsourcetype'];
const TOP_LEVEL_3 = ['uri', 'type', 'representationType', 'profile', 'version', 'firstCreated', 'versionCreated', 'contentCreated', 'embargoedUntil', 'pubStatus', 'urgency', 'copyrightHolder', 'copyrightNotice', 'usageTerms', 'edNote', 'language', 'descriptions', 'bodies', 'headlines', 'people', 'organisations', 'places', 'subjects', 'events', 'eventDetails', 'plannedCoverage', 'objects', 'infoSources', 'title', 'by', 'slugline', 'located', 'renditions', 'associations', 'altIds', 'trustIndicators', 'standard', 'genres', 'expires', 'rightsInfo', 'digitalSourceType'];
const TOP_LEVEL_1 = ['uri', 'type', 'mimetype', 'representationtype', 'profile', 'version', 'firstcreated', 'versioncreated', 'contentcreated', 'embargoed', 'pubstatus', 'urgency', 'copyrightholder', 'copyrightnotice', 'usageterms', 'ednote', 'language', 'person', 'organisation', 'place', 'subject', 'event', 'object', 'infosource', 'title', 'byline', 'headline', 'slugline', 'located', 'charcount', 'wordcount', 'renditions', 'associations', 'altids', 'trustindicator', '$standard', 'genre', 'expires', 'rightsinfo', 'digitalsourcetype'];
const PATTERN_KEYS_1 = /^(?:description|body|headline)_[a-zA-Z0-9_]+$/;
/** Properties an associated object may carry besides the ninjs ones. */
const ASSOCIATION_EXTRA = ['name', 'rel'];

function refuseUnknownKeys(allowed: readonly string[], pattern?: RegExp) {
  const known = new Set(allowed);
  return (value: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    for (const key of Object.keys(value)) {
      if (!known.has(key) && !(pattern && pattern.test(key))) ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" is not a ninjs property of this version` });
    }
  };
}

const textItem = (contentType: string) => z.looseObject({ role: text.optional(), [contentType]: text.optional(), value: text });
const ref = (geoKey: string | null) =>
  z.looseObject({ name: text.optional(), rel: text.optional(), uri: text.optional(), literal: text.optional(), ...(geoKey ? { [geoKey]: geoJson.optional() } : {}) });

/** A 2.x (lowercase) or 3.x (camelCase) document; `asAssociation` adds the name/uri requirement. */
function pluralShape(family: '2' | '3', asAssociation: boolean): z.ZodType<Record<string, unknown>> {
  const n = NAMES[family];
  const allowed = [...(family === '2' ? TOP_LEVEL_2 : TOP_LEVEL_3), ...(asAssociation ? ASSOCIATION_EXTRA : [])];
  const rights = z.looseObject({ [n.linkedRights]: text.optional(), [n.encodedRights]: text.optional() }).superRefine(exactlyOne([n.linkedRights, n.encodedRights], `rights are given either as ${n.linkedRights} or as ${n.encodedRights}, not both and not neither`));
  const dates = z
    .looseObject({ startDate: dateTime.optional(), endDate: dateTime.optional(), expectedStartDate: truncatedDate.optional(), expectedEndDate: truncatedDate.optional() })
    .superRefine((value, ctx) => {
      if (value.startDate !== undefined && value.expectedStartDate !== undefined) ctx.addIssue({ code: 'custom', message: 'an event has either startDate or expectedStartDate, not both' });
      if (value.endDate !== undefined && value.expectedEndDate !== undefined) ctx.addIssue({ code: 'custom', message: 'an event has either endDate or expectedEndDate, not both' });
    });
  const shape = {
    uri: asAssociation ? text : text,
    type: text.optional(),
    version: text.optional(),
    [n.versionCreated]: dateTime.optional(),
    [n.firstCreated]: dateTime.optional(),
    [n.contentCreated]: dateTime.optional(),
    [n.pubStatus]: z.enum(['usable', 'withheld', 'canceled']).optional(),
    urgency: z.number().int('must be a whole number').min(family === '3' ? 1 : 0).max(9).optional(),
    language: text.optional(),
    title: text.optional(),
    by: text.optional(),
    slugline: text.optional(),
    located: text.optional(),
    headlines: z.array(textItem(n.contentType)).optional(),
    descriptions: z.array(textItem(n.contentType)).optional(),
    bodies: z.array(textItem(n.contentType)).optional(),
    people: z.array(ref(null)).optional(),
    organisations: z.array(loose).optional(),
    places: z.array(ref(n.geoJSON)).optional(),
    subjects: z.array(ref(null)).optional(),
    renditions: z.array(z.looseObject({ name: text, href: text.optional(), width: z.number().int().optional(), height: z.number().int().optional() })).optional(),
    associations: z.array(z.lazy(() => pluralShape(family, true))).optional(),
    [n.rightsInfo]: rights.optional(),
    ...(family === '3'
      ? {
          eventDetails: z.looseObject({ dates: dates.optional() }).optional(),
          plannedCoverage: z.array(z.looseObject({ urgency: z.number().int().min(1).max(9).optional(), dates: dates.optional() })).optional(),
          digitalSourceType: z.looseObject({ name: text.optional(), uri: text.optional(), literal: text.optional() }).optional(),
        }
      : { digitalsourcetype: loose.optional() }),
    ...(asAssociation ? { name: text, rel: text.optional() } : {}),
  };
  return z
    .looseObject(shape)
    .superRefine(refuseUnknownKeys(allowed))
    .superRefine((value, ctx) => {
      if (family === '3' && value.type === 'event' && value.renditions !== undefined) ctx.addIssue({ code: 'custom', path: ['renditions'], message: 'an event has no renditions' });
    }) as unknown as z.ZodType<Record<string, unknown>>;
}

const shape1: z.ZodType<Record<string, unknown>> = z
  .looseObject({
    uri: text,
    type: text.optional(),
    version: text.optional(),
    versioncreated: dateTime.optional(),
    firstcreated: dateTime.optional(),
    pubstatus: z.enum(['usable', 'withheld', 'canceled']).optional(),
    urgency: z.number().int('must be a whole number').min(0).max(9).optional(),
    language: text.optional(),
    headline: text.optional(),
    byline: text.optional(),
    located: text.optional(),
    slugline: text.optional(),
    subject: z.array(ref(null)).optional(),
    person: z.array(ref(null)).optional(),
    place: z.array(ref(null)).optional(),
    renditions: z.record(z.string(), z.looseObject({ href: text.optional(), width: z.number().int().optional(), height: z.number().int().optional() })).optional(),
    associations: z.record(z.string(), z.lazy(() => shape1)).optional(),
  })
  .superRefine(refuseUnknownKeys(TOP_LEVEL_1, PATTERN_KEYS_1))
  .superRefine((value, ctx) => {
    for (const [key, v] of Object.entries(value)) if (PATTERN_KEYS_1.test(key) && typeof v !== 'string') ctx.addIssue({ code: 'custom', path: [key], message: 'must be a string' });
  }) as unknown as z.ZodType<Record<string, unknown>>;

export const ninjsShapes: Record<NinjsFamily, z.ZodType<Record<string, unknown>>> = { '1': shape1, '2': pluralShape('2', false), '3': pluralShape('3', false) };

const ONLY_3 = new Set(TOP_LEVEL_3.filter((k) => !TOP_LEVEL_2.includes(k)));
const ONLY_1 = new Set(['headline', 'byline', 'subject', 'place', 'person', 'organisation', 'event', 'object', 'infosource', 'genre', 'trustindicator', '$standard', 'mimetype', 'charcount', 'wordcount']);
const ONLY_2 = new Set(TOP_LEVEL_2.filter((k) => !TOP_LEVEL_3.includes(k)));
const ONLY_2_OR_3 = new Set(['headlines', 'bodies', 'descriptions', 'people', 'subjects', 'places', 'organisations', 'events', 'objects', 'by', 'genres', 'trustindicators', 'standard']);

/**
 * Which shape a document has. The key style decides (documents in the wild mislabel their
 * `standard.version`, even IPTC's own samples); a declared major version breaks ties, and a
 * document with only shared keys (e.g. just `uri`) is read as the newest shape.
 */
export function detectNinjsFamily(doc: Record<string, unknown>): NinjsFamily {
  const keys = Object.keys(doc);
  if (keys.some((k) => ONLY_3.has(k))) return '3';
  if (keys.some((k) => ONLY_1.has(k) || PATTERN_KEYS_1.test(k))) return '1';
  const declared = (doc.standard as { version?: unknown } | undefined)?.version;
  const major = typeof declared === 'string' ? declared.split('.')[0] : undefined;
  if (keys.some((k) => ONLY_2.has(k))) return '2';
  if (keys.some((k) => ONLY_2_OR_3.has(k))) {
    if (major === '2' || JSON.stringify(doc).includes('"contenttype"')) return '2';
    return '3';
  }
  if (major === '1' || major === '2') return major;
  return '3';
}

/** One readable line per problem, each naming where it is ("associations[0].name: …"). */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 20).map((issue) => {
    const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    return `${where || '(document)'}: ${issue.message}`;
  });
}
