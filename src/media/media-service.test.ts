import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../app-services.js';
import type { AppServices } from '../app-services.js';
import type { StaffPrincipal, StaffRole } from '../platform/http/staff-principal.js';
import { imageAttrsSchema } from '../rich-text/index.js';
import { availableDialects, createTestDatabase } from '../../test/support/test-databases.js';
import { createMediaService, createMediaStore, toImageAttrs } from './index.js';
import type { MediaItem } from './index.js';

const dialects = await availableDialects();
const clock = { now: () => new Date('2026-11-28T12:00:00.000Z') };
const MAX_BYTES = 2 * 1024 * 1024;

/** The code of the AppError `promise` rejects with. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? `plain error: ${(error as Error).message}`;
  }
  throw new Error('expected a rejection');
}

function solid(width: number, height: number, alpha = false) {
  return sharp({ create: { width, height, channels: alpha ? 4 : 3, background: alpha ? { r: 200, g: 30, b: 60, alpha: 0.5 } : '#336699' } });
}

/** A camera-style JPEG: stored sideways (EXIF orientation 6) with a GPS position and a copyright note. */
async function jpegWithGps(width: number, height: number): Promise<Buffer> {
  return solid(width, height)
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD0: { Copyright: 'Jo Photographer' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' } })
    .toBuffer();
}

/** True when raw EXIF holds a pointer to a GPS directory (tag 0x8825, either byte order). */
function hasGpsPointer(exif: Buffer | undefined): boolean {
  return !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));
}

/** A real PNG whose header claims `width`×`height`: tiny on disk, enormous once decoded. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await solid(8, 8).png().toBuffer());
  // IHDR data starts at byte 16 (8-byte signature, 4-byte length, 4-byte type); its CRC follows the 13 data bytes.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

const formatOf = async (path: string) => {
  const m = await sharp(path).metadata();
  return { format: m.format === 'heif' ? `heif/${m.compression}` : m.format, width: m.width, height: m.height, exif: m.exif, xmp: m.xmp, iptc: m.iptc, orientation: m.orientation };
};

describe.each(dialects)('media service on %s', (dialect) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let services: AppServices;
  let mediaDir: string;
  const staff: Record<'contributor' | 'otherContributor' | 'editor', StaffPrincipal> = {} as never;

  const makeStaff = async (role: StaffRole, name: string): Promise<StaffPrincipal> => {
    const email = `${name}@newsroom.test`;
    const user = await services.users.addUser({ email, name, role, password: 'correct horse battery staple', isOwner: false }, { system: 'cli' });
    return { userId: user.id, email, name, role, authorId: null, isOwner: false, via: 'session' };
  };
  /** Folder names in the media folder, to prove refusals leave nothing behind. */
  const folders = () => (existsSync(mediaDir) ? readdirSync(mediaDir).sort() : []);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    services = createAppServices({ db: database.db, clock, dataDir: database.dataDir, mediaMaxBytes: MAX_BYTES });
    mediaDir = join(database.dataDir, 'media');
    staff.contributor = await makeStaff('contributor', 'cora');
    staff.otherContributor = await makeStaff('contributor', 'carl');
    staff.editor = await makeStaff('editor', 'edna');
  });
  afterAll(async () => {
    await database?.close();
  });

  describe('upload', () => {
    let photo: MediaItem;
    let original: Buffer;

    beforeAll(async () => {
      original = await jpegWithGps(2000, 1400);
      photo = await services.media.upload({ buffer: original, originalName: 'C:\\Photos\\harbour.JPG', alt: ' Boats in the harbour ', caption: 'Dawn at the quay.', credit: 'Jo Photographer', actor: staff.contributor });
    }, 60_000);

    it('stores the picture upright, with details, detected type and size', () => {
      expect(photo).toMatchObject({ originalName: 'harbour.JPG', mimeType: 'image/jpeg', width: 1400, height: 2000, bytes: original.length, alt: 'Boats in the harbour', caption: 'Dawn at the quay.', credit: 'Jo Photographer', uploadedBy: staff.contributor.userId });
      expect(photo.storageKey).toMatch(/^[0-9a-f]{24}$/);
    });

    it('writes AVIF, WebP and JPEG at each width that fits, never enlarging, and points src at the largest JPEG', async () => {
      expect(photo.variants.map((v) => `${v.width} ${v.type}`)).toEqual(
        [480, 960, 1400].flatMap((w) => [`${w} image/avif`, `${w} image/webp`, `${w} image/jpeg`]),
      );
      expect(photo.src).toBe(`/media/${photo.storageKey}/1400.jpg`);
      expect(readdirSync(join(mediaDir, photo.storageKey)).sort()).toEqual(['1400.avif', '1400.jpg', '1400.webp', '480.avif', '480.jpg', '480.webp', '960.avif', '960.jpg', '960.webp']);
      for (const variant of photo.variants) {
        const file = join(database.dataDir, variant.src);
        const expected = { 'image/avif': 'heif/av1', 'image/webp': 'webp', 'image/jpeg': 'jpeg' }[variant.type];
        expect(await formatOf(file)).toMatchObject({ format: expected, width: variant.width, height: Math.round((2000 * variant.width) / 1400) });
      }
    });

    it('drops GPS and all other EXIF, XMP and IPTC metadata from every file', async () => {
      expect(hasGpsPointer((await sharp(original).metadata()).exif)).toBe(true);
      for (const variant of photo.variants) {
        const meta = await formatOf(join(database.dataDir, variant.src));
        expect(meta).toMatchObject({ exif: undefined, xmp: undefined, iptc: undefined, orientation: undefined });
      }
    });

    it('records media.upload in the audit log', async () => {
      const [entry] = await services.audit.list({ objectType: 'media', objectId: String(photo.id), limit: 5 });
      expect(entry).toMatchObject({ action: 'media.upload', actorUserId: staff.contributor.userId, details: { mime_type: 'image/jpeg', width: 1400, height: 2000 } });
    });

    it('gives image attributes an article can store as its lead image', () => {
      const attrs = toImageAttrs(photo);
      expect(imageAttrsSchema.parse(attrs)).toEqual(attrs);
      expect(attrs).toMatchObject({ src: photo.src, alt: 'Boats in the harbour', caption: 'Dawn at the quay.', credit: 'Jo Photographer', width: 1400, height: 2000 });
      expect(attrs.variants).toHaveLength(9);
    });

    it.each([
      ['PNG with transparency', () => solid(1800, 900, true).png().toBuffer(), 'image/png', [480, 960, 1600]],
      ['WebP', () => solid(600, 400).webp().toBuffer(), 'image/webp', [480, 600]],
      ['AVIF', () => solid(300, 200).avif().toBuffer(), 'image/avif', [300]],
      ['GIF', () => solid(500, 300).gif().toBuffer(), 'image/gif', [480, 500]],
    ] as const)('accepts a %s and makes its variants', async (_label, make, mimeType, widths) => {
      const item = await services.media.upload({ buffer: await make(), originalName: 'picture.jpg', actor: staff.contributor });
      expect(item.mimeType).toBe(mimeType);
      expect([...new Set(item.variants.map((v) => v.width))]).toEqual(widths);
      for (const variant of item.variants) expect(existsSync(join(database.dataDir, variant.src))).toBe(true);
    }, 30_000);

    it('keeps the first frame of an animated GIF', async () => {
      const frame = (colour: string) => sharp({ create: { width: 120, height: 80, channels: 4, background: colour } }).png().toBuffer();
      const animated = await sharp([await frame('#ff0000'), await frame('#0000ff')], { join: { animated: true } }).gif().toBuffer();
      const item = await services.media.upload({ buffer: animated, originalName: 'blink.gif', actor: staff.contributor });
      expect(item).toMatchObject({ mimeType: 'image/gif', width: 120, height: 80 });
      const { data } = await sharp(join(database.dataDir, item.src)).raw().toBuffer({ resolveWithObject: true });
      expect(data[0]).toBeGreaterThan(200); // red, the first frame
    });
  });

  describe('refusals', () => {
    const refusals: [string, () => Promise<Buffer> | Buffer, string][] = [
      ['a text file named .jpg', () => Buffer.from('This is not a picture, whatever its name says.\n'), 'MEDIA_TYPE_UNSUPPORTED'],
      ['an SVG', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'), 'MEDIA_TYPE_UNSUPPORTED'],
      ['a PDF', () => Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), 'MEDIA_TYPE_UNSUPPORTED'],
      ['a TIFF (decodable, but not accepted)', () => solid(40, 40).tiff().toBuffer(), 'MEDIA_TYPE_UNSUPPORTED'],
      ['a truncated JPEG', async () => { const full = await jpegWithGps(800, 600); return full.subarray(0, Math.floor(full.length / 2)); }, 'MEDIA_INVALID'],
      ['a JPEG signature followed by garbage', () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]), 'MEDIA_INVALID'],
      ['a PNG claiming 30000×30000 pixels (decompression bomb)', () => pngClaiming(30_000, 30_000), 'MEDIA_TOO_LARGE_PIXELS'],
      ['a PNG claiming a 40000-pixel-wide strip under the pixel limit', () => pngClaiming(40_000, 10), 'MEDIA_TOO_LARGE_PIXELS'],
      ['a file over MEDIA_MAX_BYTES', () => Buffer.alloc(MAX_BYTES + 1, 0xff), 'MEDIA_TOO_LARGE'],
      ['an empty file', () => Buffer.alloc(0), 'MEDIA_FILE_MISSING'],
    ];

    it.each(refusals)('refuses %s with its code and leaves no files or rows', async (_label, make, code) => {
      const before = { folders: folders(), items: (await services.media.list({ limit: 100 })).items.length };
      expect(await codeOf(services.media.upload({ buffer: await make(), originalName: 'photo.jpg', actor: staff.contributor }))).toBe(code);
      expect(folders()).toEqual(before.folders);
      expect((await services.media.list({ limit: 100 })).items).toHaveLength(before.items);
    });

    it('refuses a real picture over the decoded pixel limit', async () => {
      const strict = createMediaService({ store: createMediaStore(database.db), audit: services.audit, clock, mediaDir, maxInputPixels: 1_000_000 });
      expect(await codeOf(strict.upload({ buffer: await solid(1200, 1000).png().toBuffer(), originalName: 'big.png', actor: staff.contributor }))).toBe('MEDIA_TOO_LARGE_PIXELS');
    });

    it('refuses invalid details before touching the file', async () => {
      const buffer = await solid(100, 100).png().toBuffer();
      expect(await codeOf(services.media.upload({ buffer, originalName: 'a.png', alt: 'x'.repeat(1001), actor: staff.contributor }))).toBe('MEDIA_FIELDS_INVALID');
    });

    it('removes the written files when the database insert fails', async () => {
      const before = folders();
      const store = { ...createMediaStore(database.db), insert: async () => Promise.reject(new Error('database went away')) };
      const failing = createMediaService({ store, audit: services.audit, clock, mediaDir });
      await expect(failing.upload({ buffer: await solid(200, 100).png().toBuffer(), originalName: 'a.png', actor: staff.contributor })).rejects.toThrow('database went away');
      expect(folders()).toEqual(before);
      expect(folders().filter((name) => name.startsWith('.'))).toEqual([]);
    });

    it('sweeps staging folders abandoned by a stopped process, but not recent ones', async () => {
      const abandoned = join(mediaDir, '.partial-abandoned');
      const recent = join(mediaDir, '.partial-recent');
      mkdirSync(abandoned);
      writeFileSync(join(abandoned, '480.jpg'), 'half a file');
      utimesSync(abandoned, new Date(Date.now() - 2 * 3_600_000), new Date(Date.now() - 2 * 3_600_000));
      mkdirSync(recent);
      const restarted = createMediaService({ store: createMediaStore(database.db), audit: services.audit, clock, mediaDir });
      await restarted.upload({ buffer: await solid(60, 40).png().toBuffer(), originalName: 'a.png', actor: staff.contributor });
      expect(existsSync(abandoned)).toBe(false);
      expect(existsSync(recent)).toBe(true);
      rmSync(recent, { recursive: true });
    });

    it('refuses uploads when no media folder is configured', async () => {
      const readOnly = createAppServices({ db: database.db, clock });
      await expect(readOnly.media.upload({ buffer: await solid(50, 50).png().toBuffer(), originalName: 'a.png', actor: staff.contributor })).rejects.toThrow(/media folder/);
    });
  });

  describe('library', () => {
    const ids: Record<string, number> = {};

    beforeAll(async () => {
      const small = await solid(120, 80).png().toBuffer();
      for (const [name, alt, actor] of [
        ['zebra-crossing.png', 'Pedestrians at a crossing', staff.contributor],
        ['council-meeting.png', 'Councillors vote on the BUDGET', staff.otherContributor],
        ['budget_100%.png', 'A chart', staff.editor],
      ] as const) {
        ids[name] = (await services.media.upload({ buffer: small, originalName: name, alt, actor })).id;
      }
    }, 30_000);

    it('lists newest first and pages with a cursor', async () => {
      const first = await services.media.list({ limit: 2 });
      expect(first.items.map((m) => m.id)).toEqual([ids['budget_100%.png'], ids['council-meeting.png']]);
      expect(first.nextCursor).not.toBeNull();
      const second = await services.media.list({ limit: 2, cursor: first.nextCursor! });
      expect(second.items[0]?.id).toBe(ids['zebra-crossing.png']);
      expect(second.items.every((m) => m.id < ids['council-meeting.png']!)).toBe(true);
    });

    it('searches file names and alt text, ignoring case and treating % and _ literally', async () => {
      expect((await services.media.list({ limit: 10, search: 'budget' })).items.map((m) => m.id)).toEqual([ids['budget_100%.png'], ids['council-meeting.png']]);
      expect((await services.media.list({ limit: 10, search: 'ZEBRA' })).items.map((m) => m.id)).toEqual([ids['zebra-crossing.png']]);
      expect((await services.media.list({ limit: 10, search: '100%' })).items.map((m) => m.id)).toEqual([ids['budget_100%.png']]);
      expect((await services.media.list({ limit: 10, search: 'g_c' })).items).toEqual([]);
    });

    it('lists only one uploader\u2019s items when asked', async () => {
      const mine = await services.media.list({ limit: 100, uploadedBy: staff.otherContributor.userId });
      expect(mine.items.map((m) => m.id)).toEqual([ids['council-meeting.png']]);
    });

    it('refuses a malformed cursor', async () => {
      expect(await codeOf(services.media.list({ limit: 5, cursor: 'abc' }))).toBe('MEDIA_CURSOR_INVALID');
    });

    it('lets the uploader change alt, caption and credit, clears with empty text, and audits the change', async () => {
      const id = ids['zebra-crossing.png']!;
      const updated = await services.media.update(id, { alt: 'A zebra crossing at dusk', caption: 'Outside the town hall.', credit: '' }, staff.contributor);
      expect(updated).toMatchObject({ alt: 'A zebra crossing at dusk', caption: 'Outside the town hall.', credit: null });
      expect((await services.media.get(id)).caption).toBe('Outside the town hall.');
      const [entry] = await services.audit.list({ objectType: 'media', objectId: String(id), limit: 1 });
      expect(entry).toMatchObject({ action: 'media.update', details: { changed: ['alt', 'caption'] } });
    });

    it('refuses invalid changes with MEDIA_FIELDS_INVALID', async () => {
      const id = ids['zebra-crossing.png']!;
      expect(await codeOf(services.media.update(id, {}, staff.contributor))).toBe('MEDIA_FIELDS_INVALID');
      expect(await codeOf(services.media.update(id, { credit: 'x'.repeat(501) }, staff.contributor))).toBe('MEDIA_FIELDS_INVALID');
      expect(await codeOf(services.media.update(id, { width: 5 } as never, staff.contributor))).toBe('MEDIA_FIELDS_INVALID');
    });

    it('needs the editor role to change or delete someone else\u2019s upload', async () => {
      const id = ids['council-meeting.png']!;
      expect(await codeOf(services.media.update(id, { alt: 'Mine now' }, staff.contributor))).toBe('MEDIA_FORBIDDEN');
      expect(await codeOf(services.media.remove(id, staff.contributor))).toBe('MEDIA_FORBIDDEN');
      expect((await services.media.get(id)).alt).toBe('Councillors vote on the BUDGET');
      expect((await services.media.update(id, { alt: 'Councillors vote' }, staff.editor)).alt).toBe('Councillors vote');
    });

    it('soft-deletes: the item leaves the library, its files stay for published pages, and the deletion is audited', async () => {
      const id = ids['council-meeting.png']!;
      const item = await services.media.get(id);
      await services.media.remove(id, staff.editor);
      expect(await codeOf(services.media.get(id))).toBe('MEDIA_NOT_FOUND');
      expect((await services.media.list({ limit: 100 })).items.map((m) => m.id)).not.toContain(id);
      expect(existsSync(join(database.dataDir, item.src))).toBe(true);
      expect(await codeOf(services.media.remove(id, staff.editor))).toBe('MEDIA_NOT_FOUND');
      expect(await codeOf(services.media.update(id, { alt: 'again' }, staff.editor))).toBe('MEDIA_NOT_FOUND');
      const [entry] = await services.audit.list({ objectType: 'media', objectId: String(id), limit: 1 });
      expect(entry).toMatchObject({ action: 'media.delete', actorUserId: staff.editor.userId });
    });

    it('answers MEDIA_NOT_FOUND for an unknown id', async () => {
      expect(await codeOf(services.media.get(999_999))).toBe('MEDIA_NOT_FOUND');
    });
  });
});
