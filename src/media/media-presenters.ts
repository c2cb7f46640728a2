import type { MediaItem } from './media.js';

/** The Admin API's JSON shape of a media item (snake_case, site-relative URLs). */
export interface MediaJson {
  id: number;
  /** The largest JPEG: the picture to show when only one URL fits. */
  url: string;
  original_name: string;
  mime_type: string;
  width: number;
  height: number;
  bytes: number;
  alt: string;
  caption: string | null;
  credit: string | null;
  variants: { url: string; width: number; type: string }[];
  uploaded_by: number | null;
  created_at: string;
  updated_at: string;
}

export function presentMedia(media: MediaItem): MediaJson {
  return {
    id: media.id,
    url: media.src,
    original_name: media.originalName,
    mime_type: media.mimeType,
    width: media.width,
    height: media.height,
    bytes: media.bytes,
    alt: media.alt,
    caption: media.caption,
    credit: media.credit,
    variants: media.variants.map((v) => ({ url: v.src, width: v.width, type: v.type })),
    uploaded_by: media.uploadedBy,
    created_at: media.createdAt,
    updated_at: media.updatedAt,
  };
}
