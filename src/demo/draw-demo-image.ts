import { createHash } from 'node:crypto';
import { access, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ImageAttrs } from '../rich-text/index.js';

/** Widths the demo draws each picture at; the page's srcset offers them all. */
export const DEMO_IMAGE_WIDTHS = [640, 1280] as const;
const ASPECT = 9 / 16;

const PALETTES: [string, string, string, string][] = [
  ['#0b3954', '#087e8b', '#bfd7ea', '#ff5a5f'],
  ['#2d3047', '#93b7be', '#e0ca3c', '#f5f5f5'],
  ['#3d2c2e', '#b5838d', '#e5989b', '#ffcdb2'],
  ['#1b4332', '#40916c', '#95d5b2', '#d8f3dc'],
  ['#22223b', '#4a4e69', '#9a8c98', '#f2e9e4'],
  ['#432818', '#99582a', '#bb9457', '#ffe6a7'],
  ['#03045e', '#0077b6', '#00b4d8', '#caf0f8'],
  ['#590d22', '#a4133c', '#ff758f', '#ffccd5'],
];

/**
 * Draws an original illustration for the demo: a sky gradient, hills and shapes chosen from
 * the motif's hash, so every story gets its own picture without copying any photo.
 */
export function drawDemoSvg(motif: string, width: number): string {
  const hash = createHash('sha256').update(motif).digest();
  const byte = (i: number) => hash[i % hash.length] ?? 0;
  const palette = PALETTES[byte(0) % PALETTES.length] ?? PALETTES[0]!;
  const [deep, mid, light, accent] = palette;
  const height = Math.round(width * ASPECT);
  const s = width / 1600;
  const hills = [0, 1, 2]
    .map((layer) => {
      const base = height * (0.55 + layer * 0.13);
      const amp = height * (0.08 + (byte(layer + 3) % 10) / 100);
      const phase = byte(layer + 6) / 40;
      const points = Array.from({ length: 17 }, (_, i) => {
        const x = (i / 16) * width;
        const y = base - amp * Math.sin(i / 2.2 + phase) - amp * 0.4 * Math.cos(i / 1.3 + phase * 2);
        return `${x.toFixed(1)},${y.toFixed(1)}`;
      });
      const fill = [mid, deep, deep][layer];
      const opacity = [0.55, 0.75, 0.95][layer];
      return `<polygon points="0,${height} ${points.join(' ')} ${width},${height}" fill="${fill}" fill-opacity="${opacity}"/>`;
    })
    .join('');
  const sunX = width * (0.15 + (byte(9) % 70) / 100);
  const sunY = height * (0.18 + (byte(10) % 25) / 100);
  const shapes = Array.from({ length: 5 }, (_, i) => {
    const x = (byte(11 + i) / 255) * width;
    const y = height * (0.1 + (byte(16 + i) / 255) * 0.35);
    const r = (20 + (byte(21 + i) % 60)) * s;
    return byte(26 + i) % 2 === 0
      ? `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(1)}" fill="${light}" fill-opacity="0.35"/>`
      : `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(r * 2.4).toFixed(1)}" height="${(r * 0.5).toFixed(1)}" rx="${(r * 0.25).toFixed(1)}" fill="${light}" fill-opacity="0.4"/>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${light}"/><stop offset="1" stop-color="${accent}"/></linearGradient></defs>
<rect width="${width}" height="${height}" fill="url(#sky)"/>
<circle cx="${sunX.toFixed(1)}" cy="${sunY.toFixed(1)}" r="${(90 * s).toFixed(1)}" fill="${accent}" fill-opacity="0.85"/>
${shapes}${hills}</svg>`;
}

/**
 * Renders the motif at every demo width as JPEG and WebP under `mediaDir/demo/`, and returns
 * the image attributes (largest JPEG as `src`, every file as a variant).
 */
export async function writeDemoImage(input: { mediaDir: string; name: string; motif: string; alt: string; caption: string; credit: string }): Promise<ImageAttrs> {
  const folder = join(input.mediaDir, 'demo');
  await mkdir(folder, { recursive: true });
  const variants: NonNullable<ImageAttrs['variants']> = [];
  const largest = Math.max(...DEMO_IMAGE_WIDTHS);
  const svg = Buffer.from(drawDemoSvg(input.motif, largest));
  for (const width of DEMO_IMAGE_WIDTHS) {
    const base = `${input.name}-${width}`;
    variants.push({ src: `/media/demo/${base}.jpg`, width, type: 'image/jpeg' }, { src: `/media/demo/${base}.webp`, width, type: 'image/webp' });
    // Drawing is deterministic, so files left by an earlier seed (e.g. of another database) are reused.
    if ((await exists(join(folder, `${base}.jpg`))) && (await exists(join(folder, `${base}.webp`)))) continue;
    const resized = sharp(svg).resize({ width });
    await writeAtomically(join(folder, `${base}.jpg`), (tmp) => resized.clone().jpeg({ quality: 80, progressive: true }).toFile(tmp));
    await writeAtomically(join(folder, `${base}.webp`), (tmp) => resized.clone().webp({ quality: 72 }).toFile(tmp));
  }
  return {
    src: `/media/demo/${input.name}-${largest}.jpg`,
    alt: input.alt,
    caption: input.caption,
    credit: input.credit,
    width: largest,
    height: Math.round(largest * ASPECT),
    variants,
  };
}

/** A small square portrait placeholder for an author: concentric shapes in the author's colours. */
export async function writeDemoPortrait(mediaDir: string, slug: string): Promise<string> {
  const folder = join(mediaDir, 'demo');
  await mkdir(folder, { recursive: true });
  const hash = createHash('sha256').update(slug).digest();
  const palette = PALETTES[(hash[0] ?? 0) % PALETTES.length] ?? PALETTES[0]!;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="${palette[2]}"/><circle cx="128" cy="100" r="52" fill="${palette[0]}"/><ellipse cx="128" cy="240" rx="92" ry="80" fill="${palette[1]}"/></svg>`;
  await writeAtomically(join(folder, `author-${slug}.jpg`), (tmp) => sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toFile(tmp));
  return `/media/demo/author-${slug}.jpg`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

// A file is renamed into place only once complete, so an interrupted seed never leaves half an image.
async function writeAtomically(path: string, write: (tmp: string) => Promise<unknown>): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await write(tmp);
  await rename(tmp, path);
}
