import type { RankedCandidate } from './search-candidates.js';

/**
 * Stored best matches of common words ("term lists").
 *
 * Ranking a one-word search by relevance means scoring every story that contains the word: a
 * common word in a large archive matches tens of thousands of stories, and both engines (FTS5
 * bm25, PostgreSQL RUM distance) score them all before the best ten come out — 30–110 ms at
 * 100,000 stories. For each word found in at least `minMatches` stories, the index therefore
 * keeps its `size` best-scoring stories in `search_term_hits`, and in `search_terms` a bound:
 * every story scoring better than the bound is in the list. A one-word search reads the list
 * (a few hundred rows), checks visibility and filters as usual, and is exact whenever enough
 * visible stories beat the bound; otherwise (strict filters, deep pages) the engine ranks
 * everything as before. Publishing or editing a story adds it to the lists of its words whose
 * bound it beats; removing it deletes its entries. `broadsheet reindex` rebuilds the lists.
 */
export interface TermListOptions {
  /** Words in fewer stories than this get no list (the engine ranks them fast enough). */
  minMatches: number;
  /** Stories kept per word at a rebuild. */
  size: number;
}

/** SQLite: FTS5 ranks a word in 2,000 stories in ~4 ms at 100,000 stories; 200 entries cover pages 1–5. */
export const SQLITE_TERM_LISTS: TermListOptions = { minMatches: 2000, size: 200 };

/**
 * PostgreSQL: RUM reads positions from its posting trees to order matches, so a word in 500–1,000
 * of 100,000 stories took 7–22 ms (search, median 12) against 5–11 ms (median 7) with a list.
 * Lists for words in ≥ 500 stories: 4,343 lists instead of 1,800, reindex 112 s instead of 99 s.
 */
export const POSTGRES_TERM_LISTS: TermListOptions = { minMatches: 500, size: 200 };

/** One stored entry: a story and its score for the word (lower is better, like the engines' own). */
export interface TermListEntry {
  id: number;
  score: number;
}

/**
 * The candidates a list gives a page: its best `candidateCount` entries — and every entry tied
 * with the last of them — and the bound below which the taken entries are complete (the list's
 * own bound when all were taken, else the score of the first entry left out).
 *
 * Ties matter: RUM distances take few distinct values (a word once in the body of a story of
 * any length scores the same), so for a common word 150 of the 200 stored stories can share one
 * score. Cutting inside that group made the bound the group's own score, leaving fewer than a
 * page strictly below it, and every such search fell back to ranking all matches (85–110 ms
 * at 100,000 stories instead of about 10).
 */
export function candidatesFromList(entries: TermListEntry[], listCompleteBelow: number, candidateCount: number): { candidates: RankedCandidate[]; completeBelow: number } {
  const sorted = [...entries].sort((x, y) => x.score - y.score || x.id - y.id);
  let taken = Math.min(candidateCount, sorted.length);
  while (taken > 0 && taken < sorted.length && sorted[taken]!.score === sorted[taken - 1]!.score) taken++;
  const candidates = sorted.slice(0, taken);
  const completeBelow = taken < sorted.length ? Math.min(listCompleteBelow, sorted[taken]!.score) : listCompleteBelow;
  return { candidates, completeBelow };
}

/** FTS5's bm25 constants (fts5_aux.c). */
const K1 = 1.2;
const B = 0.75;

/**
 * FTS5's bm25 of one single-word query without the word's idf (a positive factor shared by every
 * story, so the order is the same): `f` is the story's weighted count of the word (column weight
 * × occurrences, summed over columns), `length` its tokens in all columns, `averageLength` the
 * index's average. Higher is better. The same arithmetic as FTS5, so ties and order agree.
 */
export function bm25WithoutIdf(f: number, length: number, averageLength: number): number {
  return (f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * length) / averageLength));
}

/**
 * FTS5's idf of a word in `matches` of `rows` stories (fts5_aux.c), used to recover a story's
 * weighted count from the bm25 score FTS5 returns.
 */
export function bm25Idf(rows: number, matches: number): number {
  const idf = Math.log((rows - matches + 0.5) / (matches + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

/**
 * The weighted count `f` behind an FTS5 bm25 score (negative, lower is better) of a one-word
 * query, or undefined when it does not come out whole (weights are whole numbers, so `f` is).
 */
export function weightedCountFromBm25(score: number, idf: number, length: number, averageLength: number): number | undefined {
  const r = -score / idf;
  const c = K1 * (1 - B + (B * length) / averageLength);
  const f = (r * c) / (K1 + 1 - r);
  const whole = Math.round(f);
  return whole > 0 && Math.abs(f - whole) < 1e-3 * Math.max(1, whole) ? whole : undefined;
}

/**
 * Reads SQLite varints (the format FTS5 uses in its `_data` and `_docsize` records): big-endian
 * groups of 7 bits, high bit set on all but the last, a ninth byte carrying 8 bits.
 */
export function readSqliteVarints(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let value = 0;
    let n = 0;
    for (;;) {
      const byte = bytes[i++]!;
      if (n === 8) {
        value = value * 256 + byte;
        break;
      }
      value = value * 128 + (byte & 0x7f);
      n++;
      if ((byte & 0x80) === 0 || i >= bytes.length) break;
    }
    out.push(value);
  }
  return out;
}
