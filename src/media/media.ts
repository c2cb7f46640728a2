import type { AuditActor } from '../audit/index.js';
import type { MediaRow } from '../platform/db/tables.js';
import { hasRole } from '../platform/http/staff-principal.js';
import type { ImageAttrs } from '../rich-text/index.js';

/** Picture types the library accepts, named by what their bytes say, never by the file name. */
export const MEDIA_MIME_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'] as const;
export type MediaMimeType = (typeof MEDIA_MIME_TYPES)[number];

/** Types every variant is written in; the reader site offers AVIF, then WebP, then the JPEG fallback. */
export const VARIANT_TYPES = ['image/avif', 'image/webp', 'image/jpeg'] as const;
export type VariantType = (typeof VARIANT_TYPES)[number];

/** Widths the reader site's srcset offers. A narrower original adds its own width instead of being enlarged. */
export const VARIANT_WIDTHS = [480, 960, 1600] as const;

/** Default upload ceiling in bytes (MEDIA_MAX_BYTES), 20 MB. */
export const DEFAULT_MEDIA_MAX_BYTES = 20 * 1024 * 1024;
/** Default decoded-size ceiling: anything larger is treated as a decompression bomb. */
export const DEFAULT_MAX_INPUT_PIXELS = 50_000_000;
/** Longest side accepted: WebP and AVIF cannot encode a side longer than 16383 pixels. */
export const MAX_IMAGE_SIDE = 16_000;

/** One generated file of a media item. */
export interface MediaVariant {
  /** Site-relative URL, /media/<storage_key>/<width>.<ext>. */
  src: string;
  width: number;
  type: VariantType;
}

/** A picture in the media library. */
export interface MediaItem {
  id: number;
  originalName: string;
  mimeType: MediaMimeType;
  /** Pixel size of the original after EXIF auto-rotation. */
  width: number;
  height: number;
  /** Size of the uploaded file. */
  bytes: number;
  alt: string;
  caption: string | null;
  credit: string | null;
  storageKey: string;
  /** URL of the largest JPEG: what `<img src>` and feeds use. */
  src: string;
  variants: MediaVariant[];
  uploadedBy: number | null;
  createdAt: string;
  updatedAt: string;
}

export function toMediaItem(row: MediaRow): MediaItem {
  const variants = JSON.parse(row.variants_json) as MediaVariant[];
  return {
    id: row.id,
    originalName: row.original_name,
    mimeType: row.mime_type as MediaMimeType,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    storageKey: row.storage_key,
    src: largestVariant(variants, 'image/jpeg')?.src ?? '',
    variants,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The image attributes an article's lead image or inline image node stores: the largest JPEG as
 * `src`, its size, and every variant for the reader site's `<picture>`.
 */
export function toImageAttrs(media: MediaItem): ImageAttrs {
  const largest = largestVariant(media.variants, 'image/jpeg');
  const width = largest?.width ?? media.width;
  return {
    src: media.src,
    alt: media.alt,
    ...(media.caption ? { caption: media.caption } : {}),
    ...(media.credit ? { credit: media.credit } : {}),
    width,
    height: scaledHeight({ width: media.width, height: media.height }, width),
    variants: media.variants.map((v) => ({ src: v.src, width: v.width, type: v.type })),
  };
}

/**
 * Widths to generate for an original `originalWidth` pixels wide: the standard widths that fit,
 * plus the original's own width when it falls between or below them. Never enlarges; never empty.
 */
export function chooseVariantWidths(originalWidth: number): number[] {
  const widths: number[] = VARIANT_WIDTHS.filter((w) => w <= originalWidth);
  const largest = VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1] ?? originalWidth;
  if (originalWidth < largest && !widths.includes(originalWidth)) widths.push(originalWidth);
  return widths;
}

/** Height of a variant `width` pixels wide, rounded as sharp rounds it. */
export function scaledHeight(original: { width: number; height: number }, width: number): number {
  return Math.max(1, Math.round((original.height * width) / original.width));
}

/** File extension of a variant type. */
export function variantExtension(type: VariantType): 'avif' | 'webp' | 'jpg' {
  return type === 'image/avif' ? 'avif' : type === 'image/webp' ? 'webp' : 'jpg';
}

/** Served URL of one variant file. */
export function variantUrl(storageKey: string, width: number, type: VariantType): string {
  return `/media/${storageKey}/${width}.${variantExtension(type)}`;
}

/**
 * The picture type the first bytes announce, or undefined for anything else (SVG, PDF, text,
 * HEIC…). The decoder confirms it afterwards; this check keeps other formats away from it.
 */
export function sniffImageType(bytes: Uint8Array): MediaMimeType | undefined {
  const ascii = (start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (bytes.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'image/gif';
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 16 && ascii(4, 8) === 'ftyp') {
    // ISO-BMFF: the major brand, then compatible brands, up to the end of the ftyp box.
    const boxEnd = Math.min(bytes.length, ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0);
    const brands = [ascii(8, 12)];
    for (let at = 16; at + 4 <= boxEnd; at += 4) brands.push(ascii(at, at + 4));
    if (brands.includes('avif') || brands.includes('avis')) return 'image/avif';
  }
  return undefined;
}

/**
 * Who may change or delete an item: its uploader, editors and admins, and the system itself.
 * Anyone on the staff may upload and browse.
 */
export function mayChangeMedia(actor: AuditActor, uploadedBy: number | null): boolean {
  if (!('userId' in actor)) return true;
  return hasRole(actor.role, 'editor') || (uploadedBy !== null && uploadedBy === actor.userId);
}

/** The uploader's file name, reduced to a harmless label: no folders, no control characters, at most 255 characters. */
export function cleanOriginalName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return cleaned || 'upload';
}

function largestVariant(variants: MediaVariant[], type: VariantType): MediaVariant | undefined {
  return variants.filter((v) => v.type === type).sort((a, b) => b.width - a.width)[0];
}
