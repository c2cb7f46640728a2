/**
 * The Related-stories algorithm, pure (no I/O): field-weighted BM25 vectors over headline, dek,
 * body and tag names, compared by cosine through an inverted index, then combined with section
 * overlap, tag overlap and a recency prior. Near-duplicates of the story itself are left out.
 * Every choice carries its reason (the shared terms that weighed most, shared tags, same section).
 */

/** One story as the algorithm sees it. */
export interface RelatedDocumentInput {
  id: number;
  headline: string;
  dek: string;
  body: string;
  /** Tag names (and, later, detected topics). */
  tags: readonly string[];
  /** The primary section first, then secondary sections. */
  sectionIds: readonly number[];
  /** Ancestors of the primary section from the root down, the primary section last. */
  sectionPath: readonly number[];
  sectionName: string;
  /** Publication time, epoch milliseconds. */
  publishedAt: number;
}

/** A tokenised story: weighted term counts, ready to be indexed (the costly step; cache it). */
export interface PreparedDocument {
  input: RelatedDocumentInput;
  /** Field-weighted term frequencies by stem. */
  terms: Map<string, number>;
  /** Stem → the word as first written in the story (for reasons). */
  surface: Map<string, string>;
  /** Normalised headline, to spot copies. */
  headlineKey: string;
  /** Lower-cased tag names. */
  tagKeys: Set<string>;
}

export interface RelatedReason {
  /** Words both stories weigh heavily, most telling first (at most 3). */
  sharedTerms: string[];
  /** Tag names both stories carry. */
  sharedTags: string[];
  /** The section both stories are in (name), or null. */
  sameSection: string | null;
  /** Chosen by an editor. */
  pinned: boolean;
}

export interface RelatedCandidate {
  id: number;
  score: number;
  /** Cosine of the two stories' text vectors. */
  textSimilarity: number;
  reason: RelatedReason;
}

export const RELATED_TUNING = {
  fieldWeights: { headline: 3, dek: 2, body: 1, tags: 3 },
  /** BM25 term saturation and length normalisation. */
  k1: 1.2,
  b: 0.75,
  /** Terms of the story used to look for others (its heaviest). */
  queryTerms: 60,
  /** Terms of each story entered in the inverted index (its heaviest; the exact cosine still uses all). */
  indexTerms: 120,
  sectionWeight: 0.12,
  tagWeight: 0.15,
  /** Recency prior: stories this many days apart keep about 37% of the prior's share. */
  recencyDays: 60,
  recencyShare: 0.2,
  /** Above this text cosine (or with the same headline) a story counts as a copy and is left out. */
  duplicateCosine: 0.9,
  /** Candidates re-checked exactly for copies before the final cut. */
  shortlist: 40,
} as const;

const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours yourself yourselves ' +
    'said says say told one two three new last first year years also would could may might must shall us mr mrs ms dr like get got make made many much well back even still way take since another around however people time just now week weeks day days month months yesterday today going go went say saying per cent percent'
  ).split(/\s+/),
);

/** A light English stemmer: plural and possessive endings only, so reasons stay readable. */
export function stem(word: string): string {
  let w = word;
  if (w.endsWith("'s") || w.endsWith('’s')) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(?:sses|xes|ches|shes)$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/** Words of `text` → (stem, original) pairs, stopwords and bare short numbers dropped. */
export function tokenize(text: string): { stem: string; word: string }[] {
  const out: { stem: string; word: string }[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0].replace(/['’-]+$/, '');
    const lower = word.toLowerCase();
    if (lower.length < 2 || STOPWORDS.has(lower)) continue;
    if (/^\d+$/.test(lower) && lower.length !== 4) continue;
    const s = stem(lower);
    if (STOPWORDS.has(s)) continue;
    out.push({ stem: s, word });
  }
  return out;
}

/** Tokenises one story with field weights. */
export function prepareDocument(input: RelatedDocumentInput): PreparedDocument {
  const terms = new Map<string, number>();
  const surface = new Map<string, string>();
  const weights = RELATED_TUNING.fieldWeights;
  const add = (text: string, weight: number) => {
    for (const { stem: s, word } of tokenize(text)) {
      terms.set(s, (terms.get(s) ?? 0) + weight);
      if (!surface.has(s)) surface.set(s, word);
    }
  };
  add(input.headline, weights.headline);
  add(input.dek, weights.dek);
  for (const tag of input.tags) add(tag, weights.tags);
  add(input.body, weights.body);
  return {
    input,
    terms,
    surface,
    headlineKey: headlineKey(input.headline),
    tagKeys: new Set(input.tags.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0)),
  };
}

function headlineKey(headline: string): string {
  return headline.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Sparse unit vector: term ids ascending with their weights. */
interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** Every published story, indexed for fast look-ups. Build once per batch; query many times. */
export interface RelatedIndex {
  docs: PreparedDocument[];
  positionOf: Map<number, number>;
  termIds: Map<string, number>;
  termNames: string[];
  vectors: SparseVector[];
  /** Query side: the heaviest terms of each story. */
  queries: SparseVector[];
  /** term id → [doc positions, weights]. */
  postingDocs: Int32Array[];
  postingWeights: Float64Array[];
}

/** Builds BM25-weighted, L2-normalised vectors and the inverted index over `docs`. */
export function buildRelatedIndex(docs: PreparedDocument[]): RelatedIndex {
  const { k1, b, queryTerms, indexTerms } = RELATED_TUNING;
  const termIds = new Map<string, number>();
  const termNames: string[] = [];
  const df: number[] = [];
  let totalLength = 0;
  for (const doc of docs) {
    for (const [term, tf] of doc.terms) {
      let id = termIds.get(term);
      if (id === undefined) {
        id = termNames.length;
        termIds.set(term, id);
        termNames.push(term);
        df.push(0);
      }
      df[id] = (df[id] ?? 0) + 1;
      totalLength += tf;
    }
  }
  const n = docs.length;
  const averageLength = n > 0 ? totalLength / n : 1;
  const idf = df.map((d) => Math.log(1 + (n - d + 0.5) / (d + 0.5)));

  const vectors: SparseVector[] = [];
  const queries: SparseVector[] = [];
  const postingCounts = new Int32Array(termNames.length);
  const indexedTerms: [number, number][][] = [];
  for (const doc of docs) {
    let length = 0;
    for (const tf of doc.terms.values()) length += tf;
    const entries: [number, number][] = [];
    let norm = 0;
    for (const [term, tf] of doc.terms) {
      const id = termIds.get(term) as number;
      // A term in every story tells nothing; leave it out rather than store zeros.
      const w = ((idf[id] ?? 0) * (tf * (k1 + 1))) / (tf + k1 * (1 - b + (b * length) / averageLength));
      if (w <= 0) continue;
      entries.push([id, w]);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    entries.sort((x, y) => x[0] - y[0]);
    const vector: SparseVector = { ids: Int32Array.from(entries, (e) => e[0]), weights: Float64Array.from(entries, (e) => e[1] / norm) };
    vectors.push(vector);
    const heaviest = entries.map(([id, w]) => [id, w / norm] as [number, number]).sort((x, y) => y[1] - x[1]);
    const indexed = heaviest.slice(0, indexTerms).sort((x, y) => x[0] - y[0]);
    indexedTerms.push(indexed);
    for (const [id] of indexed) postingCounts[id] = (postingCounts[id] ?? 0) + 1;
    const top = heaviest.slice(0, queryTerms);
    queries.push({ ids: Int32Array.from(top, (e) => e[0]), weights: Float64Array.from(top, (e) => e[1]) });
  }
  const postingDocs = Array.from(postingCounts, (count) => new Int32Array(count));
  const postingWeights = Array.from(postingCounts, (count) => new Float64Array(count));
  const fill = new Int32Array(termNames.length);
  indexedTerms.forEach((terms, position) => {
    for (const [id, weight] of terms) {
      const at = fill[id] as number;
      (postingDocs[id] as Int32Array)[at] = position;
      (postingWeights[id] as Float64Array)[at] = weight;
      fill[id] = at + 1;
    }
  });
  return { docs, positionOf: new Map(docs.map((d, i) => [d.input.id, i])), termIds, termNames, vectors, queries, postingDocs, postingWeights };
}

/** Exact cosine of two unit vectors. */
function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) sum += (a.weights[i++] as number) * (b.weights[j++] as number);
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/** How much two stories' sections overlap: 1 same primary section, 0.5 shared or nested, 0.25 same top-level section. */
export function sectionOverlap(a: RelatedDocumentInput, b: RelatedDocumentInput): number {
  const primaryA = a.sectionIds[0];
  const primaryB = b.sectionIds[0];
  if (primaryA !== undefined && primaryA === primaryB) return 1;
  if (a.sectionIds.some((id) => b.sectionIds.includes(id))) return 0.5;
  if (primaryA !== undefined && b.sectionPath.includes(primaryA)) return 0.5;
  if (primaryB !== undefined && a.sectionPath.includes(primaryB)) return 0.5;
  if (a.sectionPath[0] !== undefined && a.sectionPath[0] === b.sectionPath[0]) return 0.25;
  return 0;
}

export interface RelatedQueryOptions {
  /** How many to return. */
  limit: number;
  /** Stories never to return (editors' excludes, pins placed separately). */
  skip?: ReadonlySet<number>;
}

/** Scratch space reused across queries of one index (one Float64Array per index, not per query). */
const scratch = new WeakMap<RelatedIndex, { scores: Float64Array; touched: Int32Array }>();

/** The stories most related to story `id`, best first, with reasons; [] when `id` is not indexed. */
export function findRelated(index: RelatedIndex, id: number, options: RelatedQueryOptions): RelatedCandidate[] {
  const position = index.positionOf.get(id);
  if (position === undefined) return [];
  const tuning = RELATED_TUNING;
  let space = scratch.get(index);
  if (!space) {
    space = { scores: new Float64Array(index.docs.length), touched: new Int32Array(index.docs.length) };
    scratch.set(index, space);
  }
  const { scores, touched } = space;
  let touchedCount = 0;
  const query = index.queries[position] as SparseVector;
  for (let q = 0; q < query.ids.length; q++) {
    const term = query.ids[q] as number;
    const qw = query.weights[q] as number;
    const docs = index.postingDocs[term] as Int32Array;
    const weights = index.postingWeights[term] as Float64Array;
    for (let p = 0; p < docs.length; p++) {
      const d = docs[p] as number;
      if (scores[d] === 0) touched[touchedCount++] = d;
      scores[d] = (scores[d] as number) + qw * (weights[p] as number);
    }
  }

  const source = index.docs[position] as PreparedDocument;
  // Bound: the shortlist's last place scores at least (1 - recencyShare) × its text score, and
  // no bonus adds more than sectionWeight + tagWeight; candidates whose text cannot reach that
  // are not scored further (most of a large corpus shares a few common words with any story).
  const textTop: number[] = [];
  for (let t = 0; t < touchedCount; t++) {
    const d = touched[t] as number;
    if (d === position) continue;
    const text = scores[d] as number;
    if (textTop.length < tuning.shortlist || text > (textTop[textTop.length - 1] as number)) {
      let at = textTop.length;
      while (at > 0 && (textTop[at - 1] as number) < text) at--;
      textTop.splice(at, 0, text);
      if (textTop.length > tuning.shortlist) textTop.pop();
    }
  }
  const floor = textTop.length < tuning.shortlist ? -Infinity : (1 - tuning.recencyShare) * (textTop[textTop.length - 1] as number) - tuning.sectionWeight - tuning.tagWeight;
  const shortlist: { position: number; score: number; tagShare: number; section: number }[] = [];
  for (let t = 0; t < touchedCount; t++) {
    const d = touched[t] as number;
    const text = scores[d] as number;
    scores[d] = 0;
    if (d === position || text < floor) continue;
    const other = index.docs[d] as PreparedDocument;
    if (options.skip?.has(other.input.id)) continue;
    let sharedTags = 0;
    for (const tag of other.tagKeys) if (source.tagKeys.has(tag)) sharedTags++;
    const tagShare = sharedTags === 0 ? 0 : sharedTags / Math.sqrt(source.tagKeys.size * other.tagKeys.size);
    const section = sectionOverlap(source.input, other.input);
    const days = Math.abs(source.input.publishedAt - other.input.publishedAt) / 86_400_000;
    const recency = Math.exp(-days / tuning.recencyDays);
    const score = (text + tuning.sectionWeight * section + tuning.tagWeight * tagShare) * (1 - tuning.recencyShare + tuning.recencyShare * recency);
    insertTop(shortlist, { position: d, score, tagShare, section }, tuning.shortlist);
  }

  const result: RelatedCandidate[] = [];
  const vector = index.vectors[position] as SparseVector;
  const chosen: number[] = [];
  for (const entry of shortlist) {
    if (result.length >= options.limit) break;
    const other = index.docs[entry.position] as PreparedDocument;
    const otherVector = index.vectors[entry.position] as SparseVector;
    const exact = cosine(vector, otherVector);
    if (isCopy(exact, source, other)) continue;
    // Two copies of one story are one choice: keep the better placed.
    if (chosen.some((c) => isCopy(cosine(index.vectors[c] as SparseVector, otherVector), index.docs[c] as PreparedDocument, other))) continue;
    chosen.push(entry.position);
    result.push({ id: other.input.id, score: round(entry.score), textSimilarity: round(exact), reason: explain(index, source, other, position, entry.position, entry.section) });
  }
  return result;
}

function isCopy(cosineValue: number, a: PreparedDocument, b: PreparedDocument): boolean {
  return cosineValue > RELATED_TUNING.duplicateCosine || (a.headlineKey !== '' && a.headlineKey === b.headlineKey);
}

/** Keeps `list` sorted by score descending, at most `max` long. */
function insertTop<T extends { score: number }>(list: T[], item: T, max: number): void {
  if (list.length >= max && item.score <= (list[list.length - 1] as T).score) return;
  let at = list.length;
  while (at > 0 && (list[at - 1] as T).score < item.score) at--;
  list.splice(at, 0, item);
  if (list.length > max) list.pop();
}

function explain(index: RelatedIndex, source: PreparedDocument, other: PreparedDocument, a: number, b: number, section: number): RelatedReason {
  const va = index.vectors[a] as SparseVector;
  const vb = index.vectors[b] as SparseVector;
  const contributions: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < va.ids.length && j < vb.ids.length) {
    const x = va.ids[i] as number;
    const y = vb.ids[j] as number;
    if (x === y) {
      contributions.push([x, (va.weights[i] as number) * (vb.weights[j] as number)]);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  contributions.sort((p, q) => q[1] - p[1]);
  const sharedTags = source.input.tags.filter((tag) => other.tagKeys.has(tag.trim().toLowerCase()));
  const tagWords = new Set(sharedTags.flatMap((tag) => tokenize(tag).map((t) => t.stem)));
  const sharedTerms = contributions
    .filter(([, weight]) => weight >= 0.002)
    .map(([id]) => index.termNames[id] as string)
    .filter((term) => !tagWords.has(term))
    .slice(0, 3)
    .map((term) => source.surface.get(term) ?? term);
  return { sharedTerms, sharedTags, sameSection: section === 1 ? source.input.sectionName : null, pinned: false };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** One line for readers and editors: "Shares: Kyrgyzstan, CSTO · Tags: Elections · Same section: Asia". */
export function describeReason(reason: RelatedReason): string {
  const parts: string[] = [];
  if (reason.pinned) parts.push('Chosen by the editors');
  if (reason.sharedTerms.length > 0) parts.push(`Shares: ${reason.sharedTerms.join(', ')}`);
  if (reason.sharedTags.length > 0) parts.push(`Tags: ${reason.sharedTags.join(', ')}`);
  if (reason.sameSection) parts.push(`Same section: ${reason.sameSection}`);
  return parts.length > 0 ? parts.join(' · ') : 'Published around the same time';
}

/**
 * The final list: pins first in their order (only those still eligible), then the computed
 * stories that are neither pinned nor excluded, cut at `limit`. `explainPin` gives a pinned
 * story that the algorithm did not choose its reasons.
 */
export function curateRelated(
  computed: readonly RelatedCandidate[],
  curation: { pins: readonly number[]; excludes: readonly number[]; eligible: (id: number) => boolean; explainPin?: (id: number) => RelatedCandidate | undefined },
  limit: number,
): RelatedCandidate[] {
  const excluded = new Set(curation.excludes);
  const out: RelatedCandidate[] = [];
  const seen = new Set<number>();
  const byId = new Map(computed.map((c) => [c.id, c]));
  for (const id of curation.pins) {
    if (out.length >= limit) break;
    if (seen.has(id) || excluded.has(id) || !curation.eligible(id)) continue;
    seen.add(id);
    const found = byId.get(id) ?? curation.explainPin?.(id);
    out.push(found ? { ...found, reason: { ...found.reason, pinned: true } } : { id, score: 0, textSimilarity: 0, reason: { sharedTerms: [], sharedTags: [], sameSection: null, pinned: true } });
  }
  for (const candidate of computed) {
    if (out.length >= limit) break;
    if (seen.has(candidate.id) || excluded.has(candidate.id)) continue;
    seen.add(candidate.id);
    out.push(candidate);
  }
  return out;
}

/** Scores and explains one pair (for pinned stories the algorithm did not pick); undefined when either is not indexed. */
export function explainPair(index: RelatedIndex, sourceId: number, otherId: number): RelatedCandidate | undefined {
  const a = index.positionOf.get(sourceId);
  const b = index.positionOf.get(otherId);
  if (a === undefined || b === undefined) return undefined;
  const source = index.docs[a] as PreparedDocument;
  const other = index.docs[b] as PreparedDocument;
  const section = sectionOverlap(source.input, other.input);
  const text = cosine(index.vectors[a] as SparseVector, index.vectors[b] as SparseVector);
  return { id: otherId, score: round(text), textSimilarity: round(text), reason: explain(index, source, other, a, b, section) };
}
