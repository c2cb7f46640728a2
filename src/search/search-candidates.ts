/** A candidate match as the engine ranked it: lower `score` is better (bm25, RUM distance). */
export interface RankedCandidate {
  id: number;
  score: number;
}

type PublishedAt = string | Date;

const timeOf = (value: PublishedAt) => (value instanceof Date ? value.getTime() : Date.parse(value));

/**
 * The exact page from a bounded candidate set, or null when the full ranking must run.
 *
 * Scoring every match of a common word and joining each to `articles` (visibility, filters,
 * tie order) is most of a search's cost, so the engine first ranks a bounded set of matches on
 * its own (or reads a stored list of a word's best matches, see search-term-lists.ts).
 * `completeBelow` is what the caller knows about the set: every match scoring strictly below it
 * is a candidate (Infinity: the set holds every match). Those candidates cannot be preceded by
 * anything outside the set; when enough of them are visible, the page is exact. Otherwise —
 * strict filters, deep pages, ties at the edge — the caller ranks everything.
 */
export async function pageFromCandidates(
  candidates: RankedCandidate[],
  completeBelow: number,
  page: { limit: number; offset: number },
  loadVisible: (ids: number[]) => Promise<{ id: number; published_at: PublishedAt }[]>,
): Promise<RankedCandidate[] | null> {
  const wanted = page.offset + page.limit;
  const isAll = completeBelow === Infinity;
  const scoreOf = new Map(candidates.filter((r) => r.score < completeBelow).map((r) => [r.id, r.score]));
  if (scoreOf.size < wanted && !isAll) return null;
  const visible = scoreOf.size === 0 ? [] : await loadVisible([...scoreOf.keys()]);
  if (!isAll && visible.length < wanted) return null;
  // Score, then newest first, then highest id: the same order the full ranking uses.
  const ordered = visible.map((r) => ({ id: r.id, score: scoreOf.get(r.id)!, time: timeOf(r.published_at) }));
  ordered.sort((x, y) => x.score - y.score || y.time - x.time || y.id - x.id);
  return ordered.slice(page.offset, wanted).map(({ id, score }) => ({ id, score }));
}

/**
 * What the engine's own top `candidateCount` say: all matches when it returned fewer, else
 * everything strictly better than the last one.
 */
export function completeBelowOf(candidates: RankedCandidate[], candidateCount: number): number {
  return candidates.length < candidateCount ? Infinity : candidates[candidates.length - 1]!.score;
}

/**
 * What the engine's top `candidateCount` *with ties* say (SQL `fetch first n rows with ties`:
 * every match scoring the same as the last one is returned too): all matches when fewer came
 * back, else everything scoring at most the last score — so the bound is the next number above
 * it. Without the ties, a group of equal scores cut at the edge left the bound at the group's
 * own score and too few stories strictly below it (RUM distances tie often).
 */
export function completeBelowWithTiesOf(candidates: RankedCandidate[], candidateCount: number): number {
  return candidates.length < candidateCount ? Infinity : nextUp(candidates[candidates.length - 1]!.score);
}

/** The smallest number greater than `x` (finite x). */
export function nextUp(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (x === 0) return Number.MIN_VALUE;
  const value = new Float64Array([x]);
  const bits = new BigInt64Array(value.buffer);
  bits[0] = bits[0]! + (x > 0 ? 1n : -1n);
  return value[0]!;
}

/** How many candidates to ask the engine for, for a page ending at `offset + limit`. */
export function candidateCountFor(page: { limit: number; offset: number }, options: { candidatesMin: number; candidatesPerResult: number }): number {
  return Math.max(options.candidatesMin, (page.offset + page.limit) * options.candidatesPerResult);
}
