import type { AdminRouteEntry } from './admin-route-catalog.js';

const problemRef = { $ref: '#/components/schemas/Problem' };

/**
 * The Admin API's OpenAPI 3.1 document, built from the routes actually registered, so it
 * never lists an endpoint that does not exist or misses one that does. Request and response
 * bodies are JSON objects described in the README; each operation names its minimum role.
 */
export function buildAdminOpenApi(entries: AdminRouteEntry[], serverUrl: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const entry of entries) {
    const path = entry.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters = [...entry.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const role = entry.isPublic ? 'anyone' : (entry.minimumRole ?? 'contributor');
    const writes = !['GET', 'HEAD', 'OPTIONS'].includes(entry.method);
    paths[path] ??= {};
    paths[path][entry.method.toLowerCase()] = {
      summary: entry.summary ?? `${entry.method} ${path}`,
      description: `Minimum role: ${role}.${writes && !entry.isPublic ? ' Cookie sessions must send X-CSRF-Token.' : ''}`,
      'x-minimum-role': role,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(writes ? { requestBody: { required: false, content: { 'application/json': { schema: { type: 'object' } } } } } : {}),
      security: entry.isPublic ? [] : [{ session: [], csrf: [] }, { bearer: [] }],
      responses: {
        '200': { description: 'Success', content: { 'application/json': { schema: { type: 'object' } } } },
        '400': { description: 'Invalid input; `fields` names each bad field', content: { 'application/problem+json': { schema: problemRef } } },
        '401': { description: 'Not signed in (AUTH_REQUIRED)', content: { 'application/problem+json': { schema: problemRef } } },
        '403': { description: 'Role or CSRF check failed (FORBIDDEN, CSRF_INVALID)', content: { 'application/problem+json': { schema: problemRef } } },
        '404': { description: 'Not found', content: { 'application/problem+json': { schema: problemRef } } },
        '409': { description: 'Conflict, e.g. a stale version (ARTICLE_STALE_VERSION with `current`)', content: { 'application/problem+json': { schema: problemRef } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Broadsheet Admin API', version: '1', description: 'Everything the newsroom does. Errors are RFC 9457 problem details with a stable `code`.' },
    servers: [{ url: `${serverUrl}/api/admin/v1` }],
    paths: Object.fromEntries(Object.entries(paths).map(([path, ops]) => [path.replace(/^\/api\/admin\/v1/, '') || '/', ops])),
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'bs_session' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        bearer: { type: 'http', scheme: 'bearer', description: 'Personal API token (bsa_…)' },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, code: { type: 'string' }, instance: { type: 'string' }, fields: { type: 'object', additionalProperties: { type: 'string' } } },
        },
      },
    },
  };
}
