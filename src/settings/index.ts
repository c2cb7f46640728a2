/** @module settings — the publication's name, language, time zone and logo. */
export { createSettingsStore } from './settings-store.js';
export type { SettingsStore } from './settings-store.js';
export { createSettingsService } from './settings-service.js';
export type { SettingsService } from './settings-service.js';
export { publicationSettingsSchema, defaultPublicationSettings } from './publication-settings.js';
export type { PublicationSettings } from './publication-settings.js';
