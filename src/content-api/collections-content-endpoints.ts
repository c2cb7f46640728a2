import type { ContentApiEndpoint } from './openapi-document.js';

/** The OpenAPI entries of collections-content-routes.ts: every path it serves, with its zod schemas. */
export const COLLECTIONS_CONTENT_ENDPOINTS: readonly ContentApiEndpoint[] = [];
