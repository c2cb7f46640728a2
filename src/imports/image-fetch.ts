import type { MediaService } from '../media/index.js';
import type { ImageAttrs } from '../rich-text/index.js';
import { isAllowedImageHost } from './image-hosts.js';
import type { AllowedImageHosts } from './image-hosts.js';
import type { ImageFetcher } from './import-model.js';

const MAX_REDIRECTS = 4;

/**
 * Downloads featured images for `--fetch-images` and stores them in the media library (which
 * checks the bytes are an image, strips metadata and makes the variants). Every hop, redirects
 * included, must be on the allow list; the body is capped at `maxBytes` while it streams in.
 */
export function createImageFetcher(deps: { media: MediaService; allowHosts: AllowedImageHosts; maxBytes: number; timeoutMs?: number }): ImageFetcher {
  return async (url, alt) => {
    const buffer = await fetchAllowed(new URL(url), deps.allowHosts, deps.maxBytes, deps.timeoutMs ?? 30_000);
    const fileName = decodeURIComponent(new URL(url).pathname.split('/').pop() || 'image').slice(0, 200) || 'image';
    const item = await deps.media.upload({ buffer, originalName: fileName, alt: alt.slice(0, 1000), actor: { system: 'cli' } });
    const image: ImageAttrs = { src: item.src, alt: item.alt, width: item.width, height: item.height, variants: item.variants.map((v) => ({ src: v.src, width: v.width, type: v.type })) };
    return image;
  };
}

async function fetchAllowed(start: URL, allowHosts: AllowedImageHosts, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  let current = start;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new Error(`${current.protocol} URLs are not fetched`);
    if (!isAllowedImageHost(current, allowHosts)) throw new Error(hop === 0 ? `host ${current.host} is not allowed` : `redirected to ${current.host}, which is not allowed`);
    const response = await fetch(current, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'image/*' } });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      current = new URL(location, current);
      continue;
    }
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    const type = response.headers.get('content-type') ?? '';
    if (!/^image\//i.test(type)) {
      await response.body.cancel();
      throw new Error(`not an image (Content-Type ${type || 'missing'})`);
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBytes) {
      await response.body.cancel();
      throw new Error(`larger than ${maxBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Uint8Array).length;
      if (size > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    return Buffer.concat(chunks);
  }
  throw new Error('too many redirects');
}
