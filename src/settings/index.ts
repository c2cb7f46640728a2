/** @module settings — the publication's name, language, time zone and logo, and changing them. */
export { createSettingsStore } from './settings-store.js';
export type { SettingsStore } from './settings-store.js';
export { createSettingsService } from './settings-service.js';
export type { SettingsService, SettingsChangeContext } from './settings-service.js';
export { publicationSettingsSchema, defaultPublicationSettings } from './publication-settings.js';
export type { PublicationSettings } from './publication-settings.js';
export { settingsAdminRoutes } from './settings-admin-routes.js';
