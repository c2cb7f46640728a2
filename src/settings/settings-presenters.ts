import type { PublicationSettings } from './publication-settings.js';

/** The publication's settings as the Admin API shows them (snake_case JSON). */
export interface AdminSettingsJson {
  name: string;
  description: string;
  language: string;
  time_zone: string;
  logo_url: string | null;
}

export function presentSettings(settings: PublicationSettings): AdminSettingsJson {
  return { name: settings.name, description: settings.description, language: settings.language, time_zone: settings.timeZone, logo_url: settings.logoUrl };
}
