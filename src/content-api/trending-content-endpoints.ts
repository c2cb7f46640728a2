import type { ContentApiEndpoint } from './openapi-document.js';

/** The OpenAPI entries of trending-content-routes.ts: every path it serves, with its zod schemas. */
export const TRENDING_CONTENT_ENDPOINTS: readonly ContentApiEndpoint[] = [];
