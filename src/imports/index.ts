/** @module imports — WordPress (WXR) and Ghost (JSON) imports: streaming readers, body conversion, idempotent batched writes, legacy URLs (301). */
export { createImportStore } from './import-store.js';
export type { ImportStore } from './import-store.js';
export { createImportService } from './import-service.js';
export type { ImportService } from './import-service.js';
export { wordPressSource } from './wordpress-source.js';
export { ghostSource } from './ghost-source.js';
export { readWxr } from './wxr-reader.js';
export type { WxrEvent, WxrItem } from './wxr-reader.js';
export { convertHtml, convertMobiledoc, convertWordPressContent } from './body-conversion.js';
export { normalizeLegacyPath } from './legacy-paths.js';
export { importErrors } from './import-errors.js';
export type { ImageFetcher, ImportOptions, ImportProgress, ImportReport, ImportSource, ReportItem } from './import-model.js';
export { createImageFetcher } from './image-fetch.js';
export { isAllowedImageHost, parseAllowedImageHosts } from './image-hosts.js';
export type { AllowedImageHosts } from './image-hosts.js';
