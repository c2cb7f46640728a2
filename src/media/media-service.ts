import { randomBytes } from 'node:crypto';
import type { AuditActor, AuditLog } from '../audit/index.js';
import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { mediaErrors } from './media-errors.js';
import { createMediaFiles } from './media-files.js';
import type { MediaFiles } from './media-files.js';
import { encodeVariants, inspectImage } from './media-processing.js';
import { mediaDetailsSchema, mediaUpdateSchema, parseMediaInput } from './media-schemas.js';
import type { MediaDetailsInput } from './media-schemas.js';
import type { MediaRow } from '../platform/db/tables.js';
import type { MediaDetailsPatch, MediaStore } from './media-store.js';
import { createWorkQueue } from './media-work-queue.js';
import {
  DEFAULT_MAX_INPUT_PIXELS,
  DEFAULT_MEDIA_MAX_BYTES,
  cleanOriginalName,
  mayChangeMedia,
  toMediaItem,
  variantExtension,
  variantUrl,
} from './media.js';
import type { MediaItem, MediaVariant } from './media.js';

export interface MediaServiceDeps {
  store: MediaStore;
  audit: AuditLog;
  clock: Clock;
  /** DATA_DIR/media, served at /media/. Without it the library can be read but not uploaded to. */
  mediaDir?: string | undefined;
  /** Largest upload accepted, in bytes (MEDIA_MAX_BYTES). Default 20 MB. */
  maxBytes?: number | undefined;
  /** Largest decoded picture accepted, in pixels. Default 50 megapixels. */
  maxInputPixels?: number | undefined;
}

export interface UploadMediaInput extends MediaDetailsInput {
  buffer: Buffer;
  originalName: string;
  actor: AuditActor;
}

export interface ListMediaInput {
  /** Matches the file name or the alt text, ignoring case. */
  search?: string | undefined;
  /** Only items this user uploaded. */
  uploadedBy?: number | undefined;
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined;
  limit: number;
}

/** How many pictures are encoded at once, and how many more may wait for a turn. */
const PROCESSING_CONCURRENCY = 2;
const PROCESSING_MAX_WAITING = 16;
/** Staging folders older than this were left by a stopped process and are swept. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** The newsroom's media library: upload (validate, strip metadata, make variants), browse, describe, delete. */
export function createMediaService(deps: MediaServiceDeps) {
  const { store, audit, clock } = deps;
  const maxBytes = deps.maxBytes ?? DEFAULT_MEDIA_MAX_BYTES;
  const limits = { maxInputPixels: deps.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS };
  const files: MediaFiles | undefined = deps.mediaDir === undefined ? undefined : createMediaFiles(deps.mediaDir);
  const queue = createWorkQueue({ concurrency: PROCESSING_CONCURRENCY, maxWaiting: PROCESSING_MAX_WAITING, onFull: mediaErrors.busy });
  let swept: Promise<void> | undefined;

  return {
    /**
     * Adds a picture. Refuses empty, oversized, unsupported, damaged and decompression-bomb
     * files with their codes, leaving no files behind; otherwise writes every variant, then the
     * row, and records `media.upload` in the audit log.
     */
    async upload(input: UploadMediaInput): Promise<MediaItem> {
      const details = parseMediaInput(mediaDetailsSchema, { alt: input.alt, caption: input.caption, credit: input.credit });
      if (!files) throw new Error('Media uploads need a media folder: pass dataDir to createAppServices.');
      if (input.buffer.length === 0) throw mediaErrors.fileMissing();
      if (input.buffer.length > maxBytes) throw mediaErrors.tooLarge(maxBytes);

      const image = await inspectImage(input.buffer, limits);
      const storageKey = randomBytes(12).toString('hex');
      const variants = await queue.run(async () => {
        // Once per process, before this process stages anything of its own.
        await (swept ??= files.removeAbandoned(ABANDONED_AFTER_MS).catch(() => undefined));
        const encoded = await encodeVariants(input.buffer, image, limits);
        await files.publish(storageKey, encoded.map((v) => ({ name: `${v.width}.${variantExtension(v.type)}`, data: v.data })));
        return encoded.map((v): MediaVariant => ({ src: variantUrl(storageKey, v.width, v.type), width: v.width, type: v.type }));
      });

      const now = nowIso(clock);
      let row: MediaRow;
      try {
        row = await store.insert({
          original_name: cleanOriginalName(input.originalName),
          mime_type: image.mimeType,
          width: image.width,
          height: image.height,
          bytes: input.buffer.length,
          alt: details.alt ?? '',
          caption: details.caption ?? null,
          credit: details.credit ?? null,
          storage_key: storageKey,
          variants_json: JSON.stringify(variants),
          uploaded_by: 'userId' in input.actor ? input.actor.userId : null,
          created_at: now,
          updated_at: now,
        });
      } catch (error) {
        await files.remove(storageKey);
        throw error;
      }
      await audit.record({
        actor: input.actor,
        action: 'media.upload',
        objectType: 'media',
        objectId: row.id,
        details: { original_name: row.original_name, mime_type: row.mime_type, bytes: row.bytes, width: row.width, height: row.height },
      });
      return toMediaItem(row);
    },

    /** Newest first, `limit` at a time; `nextCursor` is null on the last page. */
    async list(input: ListMediaInput): Promise<{ items: MediaItem[]; nextCursor: string | null }> {
      const beforeId = input.cursor === undefined ? undefined : Number(input.cursor);
      if (beforeId !== undefined && (!Number.isSafeInteger(beforeId) || beforeId <= 0)) throw mediaErrors.invalidCursor();
      // One row more than asked tells whether another page follows.
      const rows = await store.list({ search: input.search, uploadedBy: input.uploadedBy, beforeId, limit: input.limit + 1 });
      const page = rows.slice(0, input.limit);
      const last = page[page.length - 1];
      return { items: page.map(toMediaItem), nextCursor: rows.length > input.limit && last ? String(last.id) : null };
    },

    /** A live (not deleted) item; MEDIA_NOT_FOUND otherwise. */
    async get(id: number): Promise<MediaItem> {
      const row = await store.findById(id);
      if (!row) throw mediaErrors.notFound(id);
      return toMediaItem(row);
    },

    /** Changes alt text, caption or credit. Others' items need the editor role. Records `media.update`. */
    async update(id: number, changes: MediaDetailsInput, actor: AuditActor): Promise<MediaItem> {
      const patch = parseMediaInput(mediaUpdateSchema, changes) as MediaDetailsPatch;
      const result = await store.updateDetails(
        id,
        (current) => {
          if (!mayChangeMedia(actor, current.uploaded_by)) throw mediaErrors.forbidden();
          return patch;
        },
        nowIso(clock),
      );
      if (!result) throw mediaErrors.notFound(id);
      const changed = (['alt', 'caption', 'credit'] as const).filter((field) => result.before[field] !== result.after[field]);
      await audit.record({ actor, action: 'media.update', objectType: 'media', objectId: id, details: { changed } });
      return toMediaItem(result.after);
    },

    /**
     * Hides an item from the library. Its files stay, because published stories may still show
     * them. Others' items need the editor role. Records `media.delete`.
     */
    async remove(id: number, actor: AuditActor): Promise<void> {
      const removed = await store.softDelete(
        id,
        (current) => {
          if (!mayChangeMedia(actor, current.uploaded_by)) throw mediaErrors.forbidden();
        },
        nowIso(clock),
      );
      if (!removed) throw mediaErrors.notFound(id);
      await audit.record({ actor, action: 'media.delete', objectType: 'media', objectId: id, details: { original_name: removed.original_name } });
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
