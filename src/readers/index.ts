/** @module readers — reader accounts for comments: email sign-in links, display names, reader sessions, account deletion; the area's signing key. */
export { createReaderStore } from './reader-store.js';
export { createReaderService, readerErrors, parseDisplayName, safeReturnPath, READER_SESSION_COOKIE, READER_SESSION_TTL_MS, DELETED_READER_NAME, MAX_DISPLAY_NAME } from './reader-service.js';
export type { Reader, ReaderService, ReaderSession } from './reader-service.js';
export { createSigner } from './reader-signing.js';
export type { Signer } from './reader-signing.js';
