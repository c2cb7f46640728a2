/** @module media — the media library: uploads checked by content, metadata stripped, responsive variants. */
export { createMediaStore } from './media-store.js';
export type { MediaStore } from './media-store.js';
export { createMediaService } from './media-service.js';
export type { MediaService, MediaServiceDeps, UploadMediaInput, ListMediaInput } from './media-service.js';
export { mediaAdminRoutes } from './media-admin-routes.js';
export {
  DEFAULT_MAX_INPUT_PIXELS,
  DEFAULT_MEDIA_MAX_BYTES,
  MEDIA_MIME_TYPES,
  VARIANT_WIDTHS,
  chooseVariantWidths,
  sniffImageType,
  toImageAttrs,
} from './media.js';
export type { MediaItem, MediaMimeType, MediaVariant, VariantType } from './media.js';
