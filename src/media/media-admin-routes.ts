import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AdminRouteOptions } from '../admin-api/index.js';
import { requireRole, requireStaff } from '../platform/http/staff-principal.js';
import { mediaErrors } from './media-errors.js';
import { presentMedia } from './media-presenters.js';
import { listMediaQuerySchema, mediaIdParamsSchema, parseMediaInput } from './media-schemas.js';

const DETAIL_FIELDS = ['alt', 'caption', 'credit'] as const;
type DetailField = (typeof DETAIL_FIELDS)[number];

/**
 * The media library in the Admin API (mounted under /api/admin/v1 behind sign-in and CSRF).
 * Any staff member may upload and browse; changing or deleting someone else's upload needs the
 * editor role, which the service checks. Each handler: role → validate → service → present.
 * The parent plugin marks every answer `private, no-store`.
 */
export async function mediaAdminRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { services, config } = options;
  // Registered here, so only these routes accept multipart bodies.
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.MEDIA_MAX_BYTES, files: 1, fields: DETAIL_FIELDS.length, fieldSize: 16 * 1024, parts: DETAIL_FIELDS.length + 1, headerPairs: 50 },
  });
  const anyStaff = { preHandler: requireRole('contributor') };

  app.post('/media', anyStaff, async (request, reply) => {
    const staff = requireStaff(request);
    const form = await readUploadForm(request, config.MEDIA_MAX_BYTES);
    const media = await services.media.upload({ ...form, actor: staff });
    // A new upload is on no page until a story uses it (that story's write drops its pages).
    request.changedKeys = [];
    return reply.code(201).send({ media: presentMedia(media) });
  });

  app.get('/media', anyStaff, async (request, reply) => {
    const staff = requireStaff(request);
    const query = parseMediaInput(listMediaQuerySchema, request.query);
    const page = await services.media.list({
      search: query.q || undefined,
      cursor: query.cursor,
      limit: query.limit,
      uploadedBy: query.mine === 'true' ? staff.userId : undefined,
    });
    return reply.send({ media: page.items.map(presentMedia), next_cursor: page.nextCursor });
  });

  app.get('/media/:id', anyStaff, async (request, reply) => {
    const media = await services.media.get(parseId(request));
    return reply.send({ media: presentMedia(media) });
  });

  // Editing (alt text, credit) or deleting a file leaves changedKeys unset: every page is dropped,
  // because any story, card or feed may show it and media keeps no index of where it is used.
  app.patch('/media/:id', anyStaff, async (request, reply) => {
    const staff = requireStaff(request);
    const media = await services.media.update(parseId(request), (request.body ?? {}) as Record<string, string | null>, staff);
    return reply.send({ media: presentMedia(media) });
  });

  app.delete('/media/:id', anyStaff, async (request, reply) => {
    const staff = requireStaff(request);
    await services.media.remove(parseId(request), staff);
    return reply.code(204).send();
  });
}

function parseId(request: FastifyRequest): number {
  const params = mediaIdParamsSchema.safeParse(request.params);
  if (!params.success) throw mediaErrors.notFound((request.params as { id?: string }).id ?? '');
  return params.data.id;
}

/** Reads the one `file` part and the optional text fields, mapping the parser's limits to media codes. */
async function readUploadForm(request: FastifyRequest, maxBytes: number): Promise<{ buffer: Buffer; originalName: string } & Partial<Record<DetailField, string>>> {
  if (!request.isMultipart()) throw mediaErrors.fileMissing();
  const { multipartErrors } = request.server;
  let file: { buffer: Buffer; originalName: string } | undefined;
  const fields: Partial<Record<DetailField, string>> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw mediaErrors.invalidFields({ [part.fieldname.slice(0, 100)]: 'is not a known field; send the picture as "file"' });
        file = { buffer: await part.toBuffer(), originalName: part.filename };
      } else if ((DETAIL_FIELDS as readonly string[]).includes(part.fieldname)) {
        if (part.valueTruncated) throw mediaErrors.invalidFields({ [part.fieldname]: 'is too long' });
        fields[part.fieldname as DetailField] = String(part.value);
      } else {
        throw mediaErrors.invalidFields({ [part.fieldname.slice(0, 100)]: 'is not a known field' });
      }
    }
  } catch (error) {
    if (error instanceof multipartErrors.RequestFileTooLargeError) throw mediaErrors.tooLarge(maxBytes);
    if (error instanceof multipartErrors.FilesLimitError || error instanceof multipartErrors.PartsLimitError || error instanceof multipartErrors.FieldsLimitError) {
      throw mediaErrors.invalidFields({ request: 'send one "file" and at most the fields alt, caption and credit' });
    }
    throw error;
  }
  if (!file) throw mediaErrors.fileMissing();
  return { ...file, ...fields };
}
