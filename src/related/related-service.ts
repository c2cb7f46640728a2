import type { ArticleChange } from '../articles/index.js';
import type { AuditActor, AuditLog } from '../audit/index.js';
import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { relatedErrors } from './related-errors.js';
import { buildRelatedIndex, curateRelated, describeReason, explainPair, findRelated, prepareDocument } from './related-scoring.js';
import type { PreparedDocument, RelatedCandidate, RelatedIndex, RelatedReason } from './related-scoring.js';
import type { NewRelatedRow, RelatedStore } from './related-store.js';

/** How many stories a Related list holds (the design asks for 4–6). */
export const RELATED_LIMIT = 6;
/** Most pins and excludes per article. */
export const MAX_PINS = RELATED_LIMIT;
export const MAX_EXCLUDES = 100;
/** After a story changes, the lists of this many of its nearest neighbours are recomputed too (they may now show it). */
const NEIGHBOURS_TO_REFRESH = 20;

/** One entry of a stored Related list. */
export interface RelatedEntry {
  id: number;
  position: number;
  score: number;
  textSimilarity: number;
  pinned: boolean;
  reason: RelatedReason;
  /** The reason in one line, e.g. "Shares: Kyrgyzstan, CSTO · Same section: Asia". */
  reasonText: string;
}

export interface RelatedCuration {
  pins: number[];
  excludes: number[];
}

export interface ReindexProgress {
  done: number;
  total: number;
}

export interface ReindexResult {
  /** Stories that got a Related list. */
  articles: number;
  /** Lists removed because their story is no longer public. */
  removed: number;
  /** Stories that have fewer than 4 related stories (a very small or very unusual corpus). */
  short: number;
}

/** Related stories: computing, storing, reading, and the editors' pins and excludes. */
export function createRelatedService(deps: { store: RelatedStore; clock: Clock; audit: Pick<AuditLog, 'record'> }) {
  const { store, clock } = deps;
  /** Tokenised stories by id, reused while the story's text, tags and section are unchanged. */
  const prepared = new Map<number, { key: string; doc: PreparedDocument }>();
  let cachedIndex: { signature: string; index: RelatedIndex } | undefined;
  const listListeners = new Set<(articleIds: number[]) => void>();

  /** The index over every public story, rebuilt only for what changed since the last call. */
  async function loadIndex(): Promise<RelatedIndex> {
    const now = nowIso(clock);
    const [meta, tags, secondary, sections] = await Promise.all([store.listPublishedMeta(now), store.loadTagNames(), store.loadSecondarySections(), store.loadSections()]);
    const byId = new Map(sections.map((s) => [s.id, s]));
    const pathOf = (id: number): number[] => {
      const path: number[] = [];
      const seen = new Set<number>();
      for (let at: number | null | undefined = id; at !== null && at !== undefined && !seen.has(at); at = byId.get(at)?.parentId) {
        seen.add(at);
        path.unshift(at);
      }
      return path;
    };
    const keys = meta.map((m) => `${m.id}|${m.updatedAt}|${m.publishedAt}|${m.headline}|${m.dek}|${m.primarySectionId}|${(secondary.get(m.id) ?? []).join(',')}|${(tags.get(m.id) ?? []).join('\u0001')}|${pathOf(m.primarySectionId).join('/')}|${byId.get(m.primarySectionId)?.name ?? ''}`);
    const signature = keys.join('\n');
    if (cachedIndex?.signature === signature) return cachedIndex.index;
    const stale = meta.filter((m, i) => prepared.get(m.id)?.key !== keys[i]);
    const bodies = await store.loadBodies(stale.map((m) => m.id));
    const live = new Set(meta.map((m) => m.id));
    for (const id of prepared.keys()) if (!live.has(id)) prepared.delete(id);
    meta.forEach((m, i) => {
      if (prepared.get(m.id)?.key === keys[i]) return;
      const doc = prepareDocument({
        id: m.id,
        headline: m.headline,
        dek: m.dek,
        body: bodies.get(m.id) ?? '',
        tags: tags.get(m.id) ?? [],
        sectionIds: [m.primarySectionId, ...(secondary.get(m.id) ?? [])],
        sectionPath: pathOf(m.primarySectionId),
        sectionName: byId.get(m.primarySectionId)?.name ?? '',
        publishedAt: Date.parse(m.publishedAt),
      });
      prepared.set(m.id, { key: keys[i] as string, doc });
    });
    const index = buildRelatedIndex(meta.map((m) => (prepared.get(m.id) as { doc: PreparedDocument }).doc));
    cachedIndex = { signature, index };
    return index;
  }

  async function curationMap(articleIds?: number[]): Promise<Map<number, RelatedCuration>> {
    const rows = articleIds && articleIds.length === 1 ? await store.curationOf(articleIds[0] as number) : await store.allCuration();
    const out = new Map<number, RelatedCuration>();
    for (const row of rows) {
      const entry = out.get(row.article_id) ?? { pins: [], excludes: [] };
      (row.kind === 'pin' ? entry.pins : entry.excludes).push(row.related_id);
      out.set(row.article_id, entry);
    }
    return out;
  }

  /** The final list of one story from the index and its curation. */
  function listOf(index: RelatedIndex, id: number, curation: RelatedCuration | undefined): RelatedCandidate[] {
    const pins = curation?.pins ?? [];
    const excludes = curation?.excludes ?? [];
    const computed = findRelated(index, id, { limit: RELATED_LIMIT, skip: new Set([...pins, ...excludes]) });
    return curateRelated(computed, { pins, excludes, eligible: (other) => other !== id && index.positionOf.has(other), explainPin: (other) => explainPair(index, id, other) }, RELATED_LIMIT);
  }

  function toRows(list: RelatedCandidate[], now: string): NewRelatedRow[] {
    return list.map((c, position) => ({ position, related_id: c.id, score: c.score, text_similarity: c.textSimilarity, pinned: c.reason.pinned ? 1 : 0, reason_json: JSON.stringify(c.reason), computed_at: now }));
  }

  /** Recomputes and stores the lists of `ids` (lists of stories not public are removed); returns the ids whose list changed. */
  async function recompute(index: RelatedIndex, ids: number[]): Promise<number[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const [before, curation] = await Promise.all([store.listsOf(unique), curationMap(unique)]);
    const now = nowIso(clock);
    const lists = new Map<number, NewRelatedRow[]>();
    const changed: number[] = [];
    const shape = (rows: { related_id: number; pinned: number; reason_json: string }[]) => rows.map((r) => `${r.related_id}:${r.pinned}:${r.reason_json}`).join('\n');
    for (const id of unique) {
      const rows = index.positionOf.has(id) ? toRows(listOf(index, id, curation.get(id)), now) : [];
      const old = before.get(id) ?? [];
      // Unchanged lists are not rewritten (scores may drift a little as the corpus grows; the order and reasons did not).
      if (shape(old) === shape(rows)) continue;
      lists.set(id, rows);
      if (old.map((r) => r.related_id).join(',') !== rows.map((r) => r.related_id).join(',')) changed.push(id);
    }
    await store.replaceLists(lists);
    return changed;
  }

  function announce(changed: number[]): void {
    if (changed.length === 0) return;
    for (const listener of listListeners) listener(changed);
  }

  async function isPublic(id: number): Promise<boolean> {
    const state = (await store.loadStates([id])).get(id);
    return state !== undefined && state.status === 'published' && state.deletedAt === null && state.publishedAt !== null && state.publishedAt <= nowIso(clock);
  }

  async function requireArticle(id: number): Promise<void> {
    const states = await store.loadStates([id]);
    if (!states.has(id)) throw relatedErrors.articleNotFound(id);
  }

  return {
    /**
     * Called after a committed story change: recomputes the story's list, the lists that show
     * it, and those of its nearest neighbours (which may now show it).
     */
    async onArticleChanged(change: ArticleChange): Promise<void> {
      const previous = cachedIndex?.index;
      const neighboursBefore = previous ? findRelated(previous, change.articleId, { limit: NEIGHBOURS_TO_REFRESH }).map((c) => c.id) : [];
      if (change.kind === 'purged') {
        const index = await loadIndex();
        announce(await recompute(index, neighboursBefore.filter((id) => id !== change.articleId)));
        return;
      }
      const showing = await store.articlesShowing(change.articleId);
      // A draft nobody shows, that was not public before: nothing to recompute (most newsroom saves).
      if (showing.length === 0 && neighboursBefore.length === 0 && !(await isPublic(change.articleId)) && (await store.listFor(change.articleId)).length === 0) return;
      const index = await loadIndex();
      const neighbours = findRelated(index, change.articleId, { limit: NEIGHBOURS_TO_REFRESH }).map((c) => c.id);
      announce(await recompute(index, [change.articleId, ...showing, ...neighbours, ...neighboursBefore]));
    },

    /** Computes Related for every public story and removes the lists of the others. */
    async reindexAll(onProgress?: (progress: ReindexProgress) => void): Promise<ReindexResult> {
      const index = await loadIndex();
      const curation = await curationMap();
      const total = index.docs.length;
      const now = nowIso(clock);
      let short = 0;
      const batch = new Map<number, NewRelatedRow[]>();
      const flush = async () => {
        await store.replaceLists(batch);
        batch.clear();
      };
      onProgress?.({ done: 0, total });
      for (let i = 0; i < total; i++) {
        const id = (index.docs[i] as PreparedDocument).input.id;
        const list = listOf(index, id, curation.get(id));
        if (list.length < 4) short++;
        batch.set(id, toRows(list, now));
        if (batch.size >= 500) {
          await flush();
          onProgress?.({ done: i + 1, total });
        }
      }
      await flush();
      const removed = await store.deleteListsExcept(new Set(index.positionOf.keys()));
      onProgress?.({ done: total, total });
      announce([...index.positionOf.keys()]);
      return { articles: total, removed, short };
    },

    /** The stored Related list of a story ([] when it has none). */
    async listRelated(articleId: number): Promise<RelatedEntry[]> {
      const rows = await store.listFor(articleId);
      return rows.map((row) => {
        const reason = JSON.parse(row.reason_json) as RelatedReason;
        return { id: row.related_id, position: row.position, score: row.score, textSimilarity: row.text_similarity, pinned: row.pinned === 1, reason, reasonText: describeReason(reason) };
      });
    },

    /** Pins and excludes of a story; RELATED_ARTICLE_NOT_FOUND when there is no such article. */
    async getCuration(articleId: number): Promise<RelatedCuration> {
      await requireArticle(articleId);
      return (await curationMap([articleId])).get(articleId) ?? { pins: [], excludes: [] };
    },

    /**
     * Sets an article's pins (shown first, in this order) or excludes (never shown), recomputes
     * its list and writes the audit log. Pins must be published stories; neither list may name
     * the article itself or a story that does not exist.
     */
    async setCuration(articleId: number, kind: 'pin' | 'exclude', ids: number[], actor: AuditActor): Promise<RelatedCuration> {
      await requireArticle(articleId);
      const field = 'ids';
      const unique = [...new Set(ids)];
      if (unique.length !== ids.length) throw relatedErrors.invalid({ [field]: 'must not name a story twice' });
      if (unique.includes(articleId)) throw relatedErrors.self(field, articleId);
      const states = await store.loadStates(unique);
      const missing = unique.filter((id) => !states.has(id));
      if (missing.length > 0) throw relatedErrors.storyNotFound(field, missing);
      if (kind === 'pin') {
        const now = nowIso(clock);
        const hidden = unique.filter((id) => {
          const state = states.get(id);
          return !state || state.status !== 'published' || state.deletedAt !== null || state.publishedAt === null || state.publishedAt > now;
        });
        if (hidden.length > 0) throw relatedErrors.notPublished(hidden);
      }
      const before = (await curationMap([articleId])).get(articleId) ?? { pins: [], excludes: [] };
      await store.replaceCuration({ articleId, kind, ids: unique, userId: 'userId' in actor ? actor.userId : null, now: nowIso(clock) });
      await recompute(await loadIndex(), [articleId]);
      const after = (await curationMap([articleId])).get(articleId) ?? { pins: [], excludes: [] };
      await deps.audit.record({ actor, action: kind === 'pin' ? 'related.pins' : 'related.excludes', objectType: 'article', objectId: articleId, details: { before: kind === 'pin' ? before.pins : before.excludes, after: unique } });
      return after;
    },

    /** Tells `listener` which articles' Related lists changed outside an editor's request (to drop their cached pages). */
    onListsChanged(listener: (articleIds: number[]) => void): () => void {
      listListeners.add(listener);
      return () => void listListeners.delete(listener);
    },
  };
}

export type RelatedService = ReturnType<typeof createRelatedService>;
