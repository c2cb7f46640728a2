/** @module interchange — published articles in news-industry interchange formats (IPTC ninjs). */
export { articleToNinjs, NINJS_CONTENT_TYPE, NINJS_SCHEMA_URI, NINJS_VERSION } from './ninjs-export.js';
export type { NinjsDocument, NinjsExportInput, NinjsSectionRef } from './ninjs-export.js';
