import type { AppServices } from '../app-services.js';
import { createAppServices } from '../app-services.js';
import { openDatabase } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { systemClock } from '../platform/clock.js';
import { reportStartupError } from './cli-errors.js';

/**
 * One index that `broadsheet reindex` can rebuild from the stored stories. Add a step here
 * (search, topics, …) and it runs with the others, or alone when named.
 */
export interface ReindexStep {
  name: string;
  description: string;
  /** Rebuilds the index; reports progress; resolves to a one-line summary. */
  run(services: AppServices, onProgress: (done: number, total: number) => void): Promise<string>;
}

export const REINDEX_STEPS: readonly ReindexStep[] = [
  {
    name: 'search',
    description: 'The full-text search index of every published story',
    async run(services) {
      const result = await services.search.reindexAll();
      return `${result.indexed} stories indexed for search`;
    },
  },
  {
    name: 'topics',
    description: 'People, places and organisations detected in every story (editors\' changes are kept)',
    async run(services) {
      const processed = await services.topics.reindexAllTopics();
      return `topics detected in ${processed} stories`;
    },
  },
  {
    name: 'related',
    description: 'Related stories of every published story (pins and excludes are kept)',
    async run(services, onProgress) {
      const result = await services.related.reindexAll(({ done, total }) => onProgress(done, total));
      return `${result.articles} stories have Related lists${result.short > 0 ? ` (${result.short} with fewer than 4)` : ''}; ${result.removed} lists of unpublished stories removed`;
    },
  },
];

export const reindexHelp = `Usage: broadsheet reindex [index ...]

Rebuilds indexes computed from the stored stories, e.g. after a bulk import or an upgrade.
Without names, every index is rebuilt, one after another. Safe to run while the site serves.

Indexes:
${REINDEX_STEPS.map((step) => `  ${step.name.padEnd(12)}${step.description}`).join('\n')}`;

export async function runReindex(names: string[], log: (line: string) => void = (line) => console.log(line)): Promise<number> {
  const unknown = names.filter((name) => !REINDEX_STEPS.some((step) => step.name === name));
  if (unknown.length > 0) {
    console.error(`Unknown index ${unknown.map((n) => `"${n}"`).join(', ')}.\n\n${reindexHelp}`);
    return 2;
  }
  const steps = names.length === 0 ? REINDEX_STEPS : REINDEX_STEPS.filter((step) => names.includes(step.name));
  try {
    const config = loadConfig({ env: process.env });
    const database = await openDatabase(config);
    try {
      const services = createAppServices({ db: database.db, clock: systemClock });
      for (const step of steps) {
        const started = performance.now();
        log(`${step.name}: starting`);
        const summary = await step.run(services, (done, total) => log(`${step.name}: ${done}/${total}`));
        log(`${step.name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${summary}`);
      }
      return 0;
    } finally {
      await database.close();
    }
  } catch (error) {
    return reportStartupError(error);
  }
}
