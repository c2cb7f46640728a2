import { describe, expect, it } from 'vitest';
import { chooseVariantWidths, cleanOriginalName, mayChangeMedia, sniffImageType } from './media.js';
import { createWorkQueue } from './media-work-queue.js';
import type { StaffPrincipal, StaffRole } from '../platform/http/staff-principal.js';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const staff = (role: StaffRole, userId = 7): StaffPrincipal => ({ userId, email: 'a@b.test', name: 'A', role, authorId: null, isOwner: false, via: 'session' });

describe('sniffImageType', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif'), 'image/jpeg'],
    ['PNG', bytes('\x89PNG\r\n\x1a\n', [0, 0, 0, 13]), 'image/png'],
    ['GIF87a', bytes('GIF87a'), 'image/gif'],
    ['GIF89a', bytes('GIF89a'), 'image/gif'],
    ['WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'image/webp'],
    ['AVIF by major brand', bytes([0, 0, 0, 28], 'ftypavif', [0, 0, 0, 0], 'mif1miaf'), 'image/avif'],
    ['AVIF by compatible brand', bytes([0, 0, 0, 24], 'ftypmif1', [0, 0, 0, 0], 'mif1avif'), 'image/avif'],
  ])('recognises %s from its first bytes', (_label, input, expected) => {
    expect(sniffImageType(input)).toBe(expected);
  });

  it.each([
    ['HEIC', bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0], 'mif1heic')],
    ['SVG', bytes('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['PDF', bytes('%PDF-1.7')],
    ['a RIFF that is not WebP', bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt ')],
    ['an AVIF brand outside the ftyp box', bytes([0, 0, 0, 16], 'ftypmp42', [0, 0, 0, 0], 'avif')],
    ['empty input', bytes()],
    ['two bytes of JPEG', bytes([0xff, 0xd8])],
  ])('refuses %s', (_label, input) => {
    expect(sniffImageType(input)).toBeUndefined();
  });
});

describe('chooseVariantWidths', () => {
  it.each([
    [4000, [480, 960, 1600]],
    [1600, [480, 960, 1600]],
    [1200, [480, 960, 1200]],
    [960, [480, 960]],
    [500, [480, 500]],
    [300, [300]],
    [1, [1]],
  ])('for an original %i pixels wide makes %j', (width, expected) => {
    expect(chooseVariantWidths(width)).toEqual(expected);
  });
});

describe('cleanOriginalName', () => {
  it('keeps only the last path segment, without control characters, at most 255 characters', () => {
    expect(cleanOriginalName('C:\\Users\\jo\\IMG_0001.JPG')).toBe('IMG_0001.JPG');
    expect(cleanOriginalName('../../etc/passwd')).toBe('passwd');
    expect(cleanOriginalName('a\u0000b\nc.png')).toBe('abc.png');
    expect(cleanOriginalName(`${'x'.repeat(300)}.png`)).toHaveLength(255);
    expect(cleanOriginalName('  ')).toBe('upload');
  });
});

describe('mayChangeMedia', () => {
  it('lets the uploader, editors, admins and the system change an item, and no one else', () => {
    expect(mayChangeMedia(staff('contributor', 7), 7)).toBe(true);
    expect(mayChangeMedia(staff('author', 7), 8)).toBe(false);
    expect(mayChangeMedia(staff('contributor', 7), null)).toBe(false);
    expect(mayChangeMedia(staff('editor', 7), 8)).toBe(true);
    expect(mayChangeMedia(staff('admin', 7), null)).toBe(true);
    expect(mayChangeMedia({ system: 'cli' }, 8)).toBe(true);
  });
});

describe('createWorkQueue', () => {
  it('runs at most `concurrency` tasks at once, in arrival order, and refuses when too many wait', async () => {
    const queue = createWorkQueue({ concurrency: 2, maxWaiting: 2, onFull: () => new Error('full') });
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const gates: (() => void)[] = [];
    const task = (n: number) => () => {
      started.push(n);
      running += 1;
      peak = Math.max(peak, running);
      return new Promise<number>((resolve) => gates.push(() => { running -= 1; resolve(n); }));
    };
    const results = [1, 2, 3, 4].map((n) => queue.run(task(n)));
    await expect(queue.run(task(5))).rejects.toThrow('full');
    await Promise.resolve();
    expect(started).toEqual([1, 2]);
    while (gates.length > 0) {
      gates.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4]);
    expect(started).toEqual([1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('frees the slot when a task fails', async () => {
    const queue = createWorkQueue({ concurrency: 1, maxWaiting: 1, onFull: () => new Error('full') });
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run(async () => 'ok')).toBe('ok');
  });
});
