import type { ContentApiEndpoint } from './openapi-document.js';

/** The OpenAPI entries of search-content-routes.ts: every path it serves, with its zod schemas. */
export const SEARCH_CONTENT_ENDPOINTS: readonly ContentApiEndpoint[] = [];
