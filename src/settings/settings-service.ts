import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors/app-error.js';
import { defaultPublicationSettings, publicationSettingsSchema } from './publication-settings.js';
import type { PublicationSettings } from './publication-settings.js';
import type { SettingsStore } from './settings-store.js';

const PUBLICATION_KEY = 'publication';

/** Reads and changes the publication's settings; validates every change. */
export function createSettingsService(deps: { store: SettingsStore; clock: Clock }) {
  const { store, clock } = deps;
  return {
    async getPublication(): Promise<PublicationSettings> {
      const stored = await store.read(PUBLICATION_KEY);
      const parsed = publicationSettingsSchema.safeParse({ ...defaultPublicationSettings, ...(stored as object | undefined) });
      return parsed.success ? parsed.data : defaultPublicationSettings;
    },
    async updatePublication(change: Partial<PublicationSettings>): Promise<PublicationSettings> {
      const current = await this.getPublication();
      const parsed = publicationSettingsSchema.safeParse({ ...current, ...change });
      if (!parsed.success) {
        const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
        throw new AppError({ code: 'SETTINGS_INVALID', status: 400, title: 'Invalid settings', detail: Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; '), fields });
      }
      await store.write(PUBLICATION_KEY, parsed.data, nowIso(clock));
      return parsed.data;
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
