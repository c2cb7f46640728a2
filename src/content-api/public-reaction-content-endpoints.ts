import type { ContentApiEndpoint } from './openapi-document.js';

/** The OpenAPI entries of public-reaction-content-routes.ts: every path it serves, with its zod schemas. */
export const PUBLIC_REACTION_CONTENT_ENDPOINTS: readonly ContentApiEndpoint[] = [];
