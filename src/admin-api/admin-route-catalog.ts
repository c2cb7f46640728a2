import type { RouteOptions } from 'fastify';
import { minimumRoleOf } from '../platform/http/staff-principal.js';
import type { StaffRole } from '../platform/http/staff-principal.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** One line for the OpenAPI document. */
    summary?: string;
    /** Sign-in and recovery routes: no session authority, so no CSRF token. */
    csrfExempt?: boolean;
  }
}

/** One Admin API endpoint as the catalog knows it. */
export interface AdminRouteEntry {
  method: string;
  /** Full path with Fastify parameters, e.g. /api/admin/v1/articles/:id */
  url: string;
  /** Role gate from requireRole; undefined means "any signed-in staff" or a public route. */
  minimumRole: StaffRole | undefined;
  /** Sign-in and recovery routes that anonymous callers may use. */
  isPublic: boolean;
  summary: string | undefined;
}

/** Records every Admin API route as it is registered: for the OpenAPI document and the permission-matrix test. */
export function createAdminRouteCatalog() {
  const entries: AdminRouteEntry[] = [];
  return {
    entries,
    record(route: RouteOptions): void {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const config = (route.config ?? {}) as { csrfExempt?: boolean; summary?: string };
      for (const method of methods) {
        if (method === 'HEAD') continue;
        entries.push({ method, url: route.url, minimumRole: minimumRoleOf(route.preHandler), isPublic: config.csrfExempt === true || route.url.endsWith('/setup') || route.url.endsWith('/openapi.json'), summary: config.summary });
      }
    },
  };
}

export type AdminRouteCatalog = ReturnType<typeof createAdminRouteCatalog>;
