import { performance } from 'node:perf_hooks';
import type { AppServices } from '../app-services.js';
import type { PublicationSettings } from '../settings/index.js';
import type { SectionTree } from '../sections/index.js';
import type { StaticPage } from '../pages/index.js';

/** What every reader page needs before it renders: who we are, the sections, the footer pages. */
export interface SiteContext {
  publication: PublicationSettings;
  tree: SectionTree;
  pages: StaticPage[];
  /** Absolute origin for canonical links. */
  publicUrl: string;
}

/** Hands out the site context; read-only for its callers, since one copy serves many requests. */
export interface SiteContextSource {
  get(): Promise<SiteContext>;
  /** Forgets the kept copy: the next request reads the database again. Call after every content change. */
  reset(): void;
}

/** Loads the context for one request. */
export async function loadSiteContext(services: AppServices, publicUrl: string): Promise<SiteContext> {
  const [publication, tree, pages] = await Promise.all([
    services.settings.getPublication(),
    services.sections.getTree(),
    services.pages.listPublished(),
  ]);
  return { publication, tree, pages, publicUrl };
}

/**
 * Keeps the site context in memory for `ttlMs` (0: load it for every request). `reset()` drops it
 * at once; the app calls it after every successful Admin API write, so this process never shows
 * an old context after a change it made. The time limit bounds how long a change made elsewhere
 * (another process, the CLI, a service called directly) can go unseen. Concurrent requests share
 * one load; a failed load is not kept.
 */
export function createSiteContextSource(options: { load: () => Promise<SiteContext>; ttlMs: number; now?: () => number }): SiteContextSource {
  const { load, ttlMs } = options;
  const now = options.now ?? (() => performance.now());
  let kept: { context: Promise<SiteContext>; loadedAt: number } | undefined;

  return {
    get() {
      if (ttlMs <= 0) return load();
      if (kept && now() - kept.loadedAt < ttlMs) return kept.context;
      // Kept from the start, so that requests arriving meanwhile share this load and a reset
      // during it drops it: a load that may predate a change is never handed to later requests.
      const entry = { context: load(), loadedAt: now() };
      kept = entry;
      entry.context.catch(() => {
        if (kept === entry) kept = undefined;
      });
      return entry.context;
    },
    reset() {
      kept = undefined;
    },
  };
}
