import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { authErrors } from '../platform/http/staff-principal.js';
import { secretsEqual } from '../users/index.js';
import { userAdminRoutes } from '../users/index.js';
import type { AdminRouteOptions } from './admin-route-options.js';
import type { AdminRouteCatalog } from './admin-route-catalog.js';
import { buildAdminOpenApi } from './admin-openapi.js';
import { adminRoutePlugins } from './admin-route-plugins.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** CSRF token of the request's browser session (null for token or anonymous callers). */
    csrfToken: string | null;
    /**
     * Entity keys a successful write changed, when its route knows them exactly (articles);
     * null means "unknown", and every rendered page is dropped.
     */
    changedKeys: string[] | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The Admin API at /api/admin/v1: resolves the caller (session cookie or personal API token),
 * enforces CSRF on cookie-authenticated writes, marks every answer private, then mounts the
 * route plugins of each module.
 */
export async function adminApiPlugin(app: FastifyInstance, options: AdminRouteOptions & { catalog: AdminRouteCatalog; onContentChanged?: (keys: string[] | null) => void }): Promise<void> {
  const { users } = options.services;
  app.addHook('onRoute', (route) => options.catalog.record(route));
  await app.register(cookie);
  app.decorateRequest('staff', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('changedKeys', null);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'private, no-store');
    request.staff = null;
    request.csrfToken = null;
    request.changedKeys = null;
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      const principal = await users.authenticateApiToken(authorization.slice(7).trim());
      if (!principal) throw authErrors.required();
      request.staff = principal;
      return;
    }
    const sessionId = request.cookies.bs_session;
    if (!sessionId) return;
    const session = await users.authenticateSession(sessionId);
    if (!session) return;
    request.staff = session.principal;
    request.csrfToken = session.csrfToken;
    // Sign-in, setup, invitation and reset endpoints do not act with the session's authority.
    const isCsrfExempt = (request.routeOptions.config as { csrfExempt?: boolean } | undefined)?.csrfExempt === true;
    if (!SAFE_METHODS.has(request.method) && !isCsrfExempt) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !secretsEqual(sent, session.csrfToken)) throw authErrors.csrf();
    }
  });

  // Any successful newsroom write may change what readers see: drop the rendered pages.
  const onContentChanged = options.onContentChanged;
  if (onContentChanged) {
    // onSend runs before the client hears back, so no reader sees an old page after the acknowledgment.
    app.addHook('onSend', async (request, reply, payload) => {
      if (!SAFE_METHODS.has(request.method) && reply.statusCode < 400 && request.staff) onContentChanged(request.changedKeys);
      return payload;
    });
  }

  // Children get only what they need; passing `options` on would repeat the parent's prefix.
  const routeOptions: AdminRouteOptions = { services: options.services, config: options.config };
  app.get('/openapi.json', async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(buildAdminOpenApi(options.catalog.entries, options.config.PUBLIC_URL)));
  await app.register(userAdminRoutes, routeOptions);
  for (const plugin of adminRoutePlugins) await app.register(plugin, routeOptions);
}
