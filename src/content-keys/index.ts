/** @module content-keys — keys that open the read-only Content API. */
export { createContentKeyStore } from './content-key-store.js';
export { createContentKeyService } from './content-key-service.js';
export type { ContentKeyService, ContentKeyInfo } from './content-key-service.js';
