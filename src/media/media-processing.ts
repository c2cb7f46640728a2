import sharp from 'sharp';
import type { FormatEnum, Metadata, Sharp, SharpOptions } from 'sharp';
import { mediaErrors } from './media-errors.js';
import { MAX_IMAGE_SIDE, VARIANT_TYPES, chooseVariantWidths, sniffImageType } from './media.js';
import type { MediaMimeType, VariantType } from './media.js';

/** What decoding the header of an upload told us. */
export interface InspectedImage {
  mimeType: MediaMimeType;
  /** Size after EXIF auto-rotation, which is how every variant is drawn. */
  width: number;
  height: number;
}

/** One encoded variant, not yet on disk. */
export interface EncodedVariant {
  width: number;
  type: VariantType;
  data: Buffer;
}

/**
 * Checks an upload from its bytes: the type must be one we accept (first by its signature, then
 * confirmed by the decoder), and its pixel count must stay under `maxInputPixels` so a small
 * file that claims a huge picture (a decompression bomb) is refused before anything is decoded.
 */
export async function inspectImage(buffer: Buffer, limits: { maxInputPixels: number }): Promise<InspectedImage> {
  const sniffed = sniffImageType(buffer);
  if (!sniffed) throw mediaErrors.typeUnsupported();
  let metadata: Metadata;
  try {
    metadata = await sharp(buffer, decodeOptions(limits.maxInputPixels)).metadata();
  } catch (error) {
    throw translateDecodeError(error, limits.maxInputPixels);
  }
  const decoded = mimeTypeOf(metadata.format, metadata.compression);
  if (decoded !== sniffed) throw mediaErrors.typeUnsupported(decoded ? `The file starts like ${sniffed} but decodes as ${decoded}.` : undefined);
  const { width, height } = metadata.autoOrient ?? metadata;
  if (!width || !height) throw mediaErrors.invalid();
  if (width * height > limits.maxInputPixels) throw tooManyPixels(limits.maxInputPixels);
  if (Math.max(width, height) > MAX_IMAGE_SIDE) throw mediaErrors.tooManyPixels(`Pictures may be at most ${MAX_IMAGE_SIDE} pixels on their longest side; this one is ${width}×${height}.`);
  return { mimeType: sniffed, width, height };
}

/**
 * Draws every variant: each width from `chooseVariantWidths`, as AVIF, WebP and JPEG. The
 * picture is turned upright by its EXIF orientation first; no metadata is copied to the output
 * (sharp writes none unless asked), so GPS position, camera serials and the like are dropped,
 * and colours are converted to sRGB. Animated GIF and WebP keep their first frame only.
 * Transparent areas become white in the JPEG fallback.
 */
export async function encodeVariants(buffer: Buffer, image: InspectedImage, limits: { maxInputPixels: number }): Promise<EncodedVariant[]> {
  const source = sharp(buffer, { ...decodeOptions(limits.maxInputPixels), autoOrient: true });
  const encoded: EncodedVariant[] = [];
  try {
    // One at a time: sharp already spreads a single encode over several threads.
    for (const width of chooseVariantWidths(image.width)) {
      for (const type of VARIANT_TYPES) {
        const resized = source.clone().resize({ width, withoutEnlargement: true });
        encoded.push({ width, type, data: await encode(resized, type).toBuffer() });
      }
    }
  } catch (error) {
    throw translateDecodeError(error, limits.maxInputPixels);
  }
  return encoded;
}

function encode(pipeline: Sharp, type: VariantType): Sharp {
  if (type === 'image/avif') return pipeline.avif({ quality: 55, effort: 4 });
  if (type === 'image/webp') return pipeline.webp({ quality: 80, effort: 4 });
  return pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 82, mozjpeg: true, progressive: true });
}

function decodeOptions(maxInputPixels: number): SharpOptions {
  // 'error' refuses truncated and corrupt data but tolerates harmless warnings some cameras cause.
  return { limitInputPixels: maxInputPixels, failOn: 'error', pages: 1 };
}

function mimeTypeOf(format: keyof FormatEnum | undefined, compression: string | undefined): MediaMimeType | undefined {
  switch (format) {
    case 'jpeg':
      return 'image/jpeg';
    case 'png':
      return 'image/png';
    case 'webp':
      return 'image/webp';
    case 'gif':
      return 'image/gif';
    case 'heif':
      return compression === 'av1' ? 'image/avif' : undefined;
    default:
      return undefined;
  }
}

/** sharp reports problems as plain Errors; the pixel limit is the one a caller can act on differently. */
function translateDecodeError(error: unknown, maxInputPixels: number): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return tooManyPixels(maxInputPixels);
  if (/unsupported image format/i.test(message)) return mediaErrors.typeUnsupported();
  return mediaErrors.invalid();
}

function tooManyPixels(maxInputPixels: number): Error {
  return mediaErrors.tooManyPixels(`Pictures may have at most ${(maxInputPixels / 1_000_000).toLocaleString('en')} megapixels.`);
}
