/** @module interchange — published articles in news-industry interchange formats (IPTC ninjs): export, and import of ninjs 1.x/2.x/3.x documents. */
export { articleToNinjs, NINJS_CONTENT_TYPE, NINJS_SCHEMA_URI, NINJS_VERSION } from './ninjs-export.js';
export type { NinjsDocument, NinjsExportInput, NinjsSectionRef } from './ninjs-export.js';
export { createInterchangeStore } from './interchange-store.js';
export type { InterchangeStore } from './interchange-store.js';
export { createNinjsImportService, ninjsImportErrors } from './ninjs-import-service.js';
export type { NinjsImportService, NinjsImportOptions, NinjsImportReport, NinjsImportItem } from './ninjs-import-service.js';
export { ninjsImportRoutes } from './ninjs-import-routes.js';
export { readNinjs, splitByline, plainTextToHtml } from './ninjs-read.js';
export type { NinjsStory, NinjsReadResult } from './ninjs-read.js';
export { detectNinjsFamily } from './ninjs-schemas.js';
export type { NinjsFamily } from './ninjs-schemas.js';
