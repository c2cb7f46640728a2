import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AdminRouteOptions } from '../admin-api/index.js';
import { AppError } from '../platform/errors/app-error.js';
import { requireRole, requireStaff } from '../platform/http/staff-principal.js';
import { fieldErrors } from '../platform/validation/zod-field-errors.js';

const querySchema = z.strictObject({
  publish: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  section: z.string().max(300, { error: 'must be at most 300 characters' }).optional(),
});

const invalid = (detail: string, fields?: Record<string, string>) => new AppError({ code: 'NINJS_IMPORT_INVALID', status: 400, title: 'Invalid ninjs import', detail, ...(fields ? { fields } : {}) });

/**
 * POST /api/admin/v1/imports/ninjs (editors and admins): the JSON body is one ninjs document or
 * an array of them. `?publish=true` publishes usable stories (default: drafts); `?section=path`
 * files stories whose subjects name no known section. Answers 200 with a per-item report.
 */
export async function ninjsImportRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { services } = options;
  app.post('/imports/ninjs', { preHandler: requireRole('editor') }, async (request) => {
    const query = querySchema.safeParse(request.query ?? {});
    if (!query.success) throw invalid('The query string has invalid values.', fieldErrors(query.error));
    const body = request.body;
    if (body === undefined || body === null || typeof body !== 'object') throw invalid('Send a ninjs document (a JSON object) or an array of them as the request body.', { body: 'must be a JSON object or array' });
    const docs = (Array.isArray(body) ? body : [body]).map((doc) => ({ doc }));
    if (docs.length === 0) throw invalid('The array holds no documents.', { body: 'must hold at least one document' });
    const report = await services.ninjsImport.importDocuments(docs, { publish: query.data.publish === 'true', sectionPath: query.data.section, actor: requireStaff(request) });
    return { report };
  });
}
