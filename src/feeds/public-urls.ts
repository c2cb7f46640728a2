import type { ImageAttrs } from '../rich-text/index.js';
import type { FeedImage } from './feed-model.js';

/** `/media/x.jpg` → `https://news.example/media/x.jpg`; absolute URLs stay as they are. */
export function absoluteUrl(publicUrl: string, url: string): string {
  // Fast path for plain site paths (/articles/a-slug, /media/ab12/original.jpg): the URL parser would
  // return origin + path unchanged, and sitemaps resolve tens of thousands of them.
  if (PLAIN_PATH.test(url)) {
    let origin = origins.get(publicUrl);
    if (origin === undefined) {
      origin = new URL(`${publicUrl}/`).origin;
      origins.set(publicUrl, origin);
    }
    return `${origin}${url}`;
  }
  return new URL(url, `${publicUrl}/`).href;
}

/** A path of unreserved characters, no empty or dot segments. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~-]+(?:\.[A-Za-z0-9_~-]+)*)+\/?$|^\/$/;
const origins = new Map<string, string>();

/**
 * Makes the site-relative links of rendered body HTML absolute. Feed readers show the HTML away
 * from our origin, and RSS has no xml:base, so `/media/…` would point at the reader's own host.
 */
export function absolutizeHtml(publicUrl: string, html: string): string {
  return html
    .replace(/\b(src|href)="(\/(?!\/)[^"]*)"/g, (_m, attr: string, path: string) => `${attr}="${absoluteUrl(publicUrl, path)}"`)
    .replace(/\bsrcset="([^"]*)"/g, (_m, set: string) => `srcset="${set.split(',').map((entry) => absolutizeSrcsetEntry(publicUrl, entry.trim())).join(', ')}"`);
}

const EXTENSION_TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif', gif: 'image/gif' };

/**
 * The lead image for feeds and image sitemaps. The widest JPEG variant wins because every feed
 * reader can show JPEG, while AVIF and WebP support varies.
 */
export function feedImageOf(publicUrl: string, image: ImageAttrs | null): FeedImage | null {
  if (!image) return null;
  const jpeg = (image.variants ?? []).filter((v) => v.type === 'image/jpeg').sort((a, b) => b.width - a.width)[0];
  if (jpeg) return { url: absoluteUrl(publicUrl, jpeg.src), type: jpeg.type, alt: image.alt, width: jpeg.width };
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(image.src)?.[1]?.toLowerCase() ?? '';
  return { url: absoluteUrl(publicUrl, image.src), type: EXTENSION_TYPES[extension] ?? 'image/jpeg', alt: image.alt, width: image.width ?? null };
}

function absolutizeSrcsetEntry(publicUrl: string, entry: string): string {
  const [url = '', ...rest] = entry.split(/\s+/);
  return url.startsWith('/') && !url.startsWith('//') ? [absoluteUrl(publicUrl, url), ...rest].join(' ') : entry;
}
