import { AppError } from '../platform/errors/app-error.js';
import { memoryAttemptLimiters } from '../platform/http/attempt-limiter.js';
import type { AttemptLimiterFactory } from '../platform/http/attempt-limiter.js';
import type { Clock } from '../platform/clock.js';
import type { ReactionStore } from './reaction-store.js';

/** The reaction set when REACTION_TYPES is not configured. */
export const DEFAULT_REACTION_TYPES = ['like', 'love', 'surprised', 'sad', 'angry'] as const;
/** Anonymous reaction cookie: a signed random visitor id, set only when someone reacts. It does not make pages personal. */
export const REACTION_COOKIE = 'bs_rx';

export interface ReactionType {
  id: string;
  label: string;
  emoji: string;
}

const KNOWN: Record<string, { label: string; emoji: string }> = {
  like: { label: 'Like', emoji: '👍' },
  love: { label: 'Love', emoji: '❤️' },
  surprised: { label: 'Surprised', emoji: '😮' },
  sad: { label: 'Sad', emoji: '😢' },
  angry: { label: 'Angry', emoji: '😠' },
  laugh: { label: 'Laugh', emoji: '😂' },
  insightful: { label: 'Insightful', emoji: '💡' },
  celebrate: { label: 'Celebrate', emoji: '🎉' },
};

export interface ReactionSummary {
  /** Every configured type in order, with its count (0 when none). */
  counts: { type: string; label: string; emoji: string; count: number }[];
  total: number;
  /** The visitor's own reaction, when known. */
  mine: string | null;
}

export const reactionErrors = {
  unknownType: (types: string[]) => new AppError({ code: 'REACTION_TYPE_UNKNOWN', status: 422, title: 'Unknown reaction', detail: `Choose one of: ${types.join(', ')}.`, fields: { type: `must be one of: ${types.join(', ')}` } }),
  throttled: (seconds: number) => new AppError({ code: 'RATE_LIMITED', status: 429, title: 'Too many reactions', detail: `Too many reactions from you just now. Try again in ${seconds} seconds.`, extra: { retry_after: seconds } }),
};

/** Parses REACTION_TYPES ("like,love,…"): lower-case ids, 1–20 of them. */
export function parseReactionTypes(raw: string | undefined): ReactionType[] {
  const ids = raw ? raw.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '') : [...DEFAULT_REACTION_TYPES];
  return [...new Set(ids)].map((id) => ({ id, label: KNOWN[id]?.label ?? id.charAt(0).toUpperCase() + id.slice(1), emoji: KNOWN[id]?.emoji ?? '•' }));
}

/** Reactions: one per visitor per article, changeable and removable; counts per configured type. */
export function createReactionService(deps: { store: ReactionStore; clock: Clock; types?: ReactionType[]; perAddressPerMinute?: number; attemptLimiters?: AttemptLimiterFactory }) {
  // Shared by every process through Redis when REDIS_URL is set (see app.ts), in memory otherwise.
  const limiters = deps.attemptLimiters ?? memoryAttemptLimiters;
  const { store, clock } = deps;
  const types = deps.types ?? parseReactionTypes(undefined);
  const typeIds = types.map((t) => t.id);
  const perAddress = limiters({ name: 'reactions-per-address', maxFailures: deps.perAddressPerMinute ?? 30, windowMs: 60_000 });
  const perVisitor = limiters({ name: 'reactions-per-visitor', maxFailures: 20, windowMs: 60_000 });

  const summarise = (counts: Record<string, number>, mine: string | null): ReactionSummary => {
    const list = types.map((t) => ({ type: t.id, label: t.label, emoji: t.emoji, count: counts[t.id] ?? 0 }));
    return { counts: list, total: list.reduce((sum, c) => sum + c.count, 0), mine: mine !== null && typeIds.includes(mine) ? mine : null };
  };

  return {
    types: (): ReactionType[] => types,
    async summary(articleId: number, visitorKey?: string | null): Promise<ReactionSummary> {
      const [counts, mine] = await Promise.all([store.counts(articleId), visitorKey ? store.find(articleId, visitorKey) : undefined]);
      return summarise(counts, mine ?? null);
    },
    /**
     * Sets (type) or removes (null) the visitor's reaction. Throttled per address and per visitor,
     * so one flooding address does not slow anyone else down.
     */
    async react(input: { articleId: number; visitorKey: string; type: unknown; ip: string }): Promise<ReactionSummary> {
      const type = input.type === null || input.type === '' || input.type === 'none' ? null : input.type;
      if (type !== null && (typeof type !== 'string' || !typeIds.includes(type))) throw reactionErrors.unknownType(typeIds);
      const nowMs = clock.now().getTime();
      const wait = Math.max(await perAddress.retryAfter(input.ip, nowMs), await perVisitor.retryAfter(input.visitorKey, nowMs));
      if (wait > 0) throw reactionErrors.throttled(wait);
      await perAddress.recordFailure(input.ip, nowMs);
      await perVisitor.recordFailure(input.visitorKey, nowMs);
      if (type === null) await store.remove(input.articleId, input.visitorKey);
      else await store.upsert({ articleId: input.articleId, visitorKey: input.visitorKey, type, now: clock.now().toISOString() });
      return summarise(await store.counts(input.articleId), type);
    },
  };
}

export type ReactionService = ReturnType<typeof createReactionService>;
