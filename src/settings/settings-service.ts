import type { AuditActor, AuditLog } from '../audit/index.js';
import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { defaultPublicationSettings, publicationSettingsSchema } from './publication-settings.js';
import type { PublicationSettings } from './publication-settings.js';
import { fieldErrors, settingsInvalid } from './settings-schemas.js';
import type { SettingsQueries, SettingsStore } from './settings-store.js';

const PUBLICATION_KEY = 'publication';

/** Who makes a change, and the audit log it is recorded in. */
export interface SettingsChangeContext {
  actor: AuditActor;
  audit: Pick<AuditLog, 'record'>;
}

/** Reads and changes the publication's settings; validates every change. */
export function createSettingsService(deps: { store: SettingsStore; clock: Clock }) {
  const { store, clock } = deps;
  const readPublication = async (queries: SettingsQueries): Promise<PublicationSettings> => {
    const stored = await queries.read(PUBLICATION_KEY);
    const parsed = publicationSettingsSchema.safeParse({ ...defaultPublicationSettings, ...(stored as object | undefined) });
    return parsed.success ? parsed.data : defaultPublicationSettings;
  };

  return {
    async getPublication(): Promise<PublicationSettings> {
      return readPublication(store);
    },

    /**
     * Merges `change` over the current settings and stores the result, read and write in one
     * transaction. Refuses the whole change (SETTINGS_INVALID, naming each bad field in
     * snake_case) when any field is invalid or unknown.
     */
    async updatePublication(change: Partial<PublicationSettings>, context?: SettingsChangeContext): Promise<PublicationSettings> {
      const { before, after } = await store.transaction(async (queries) => {
        const current = await readPublication(queries);
        const given = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
        const parsed = publicationSettingsSchema.safeParse({ ...current, ...given });
        if (!parsed.success) throw settingsInvalid(fieldErrors(parsed.error));
        await queries.write(PUBLICATION_KEY, parsed.data, nowIso(clock));
        return { before: current, after: parsed.data };
      });
      if (context) {
        const changed = (Object.keys(after) as (keyof PublicationSettings)[]).filter((key) => before[key] !== after[key]);
        await context.audit.record({
          actor: context.actor,
          action: 'settings.update',
          objectType: 'settings',
          objectId: PUBLICATION_KEY,
          details: { changed: changed.map((key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)) },
        });
      }
      return after;
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
