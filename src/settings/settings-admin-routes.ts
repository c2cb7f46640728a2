import type { FastifyInstance } from 'fastify';
import type { AdminRouteOptions } from '../admin-api/index.js';
import { requireRole, requireStaff } from '../platform/http/staff-principal.js';
import { presentSettings } from './settings-presenters.js';
import { parseSettingsInput, updateSettingsBodySchema } from './settings-schemas.js';

/**
 * Admin API for the publication's settings (under /api/admin/v1). Any staff member may read
 * them; only admins change them. Each handler: validate with zod → (role, as preHandler) → service → presenter.
 */
export async function settingsAdminRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { services } = options;

  app.get('/settings', { preHandler: requireRole('contributor') }, async () => ({ settings: presentSettings(await services.settings.getPublication()) }));

  app.patch('/settings', { preHandler: requireRole('admin') }, async (request) => {
    const body = parseSettingsInput(updateSettingsBodySchema, request.body);
    const settings = await services.settings.updatePublication(
      { name: body.name, description: body.description, language: body.language, timeZone: body.time_zone, logoUrl: body.logo_url },
      { actor: requireStaff(request), audit: services.audit },
    );
    // The publication's name, description, language and logo are on every page: changedKeys
    // stays null, so every cached page is dropped (and the site context reloaded).
    return { settings: presentSettings(settings) };
  });
}
