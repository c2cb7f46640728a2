import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { availableDialects } from '../../test/support/test-databases.js';
import { systemClock } from '../platform/clock.js';
import { createImageFetcher, createImportService, createImportStore, ghostSource, parseAllowedImageHosts, wordPressSource } from './index.js';

const dialects = await availableDialects();
const tmp = mkdtempSync(join(tmpdir(), 'broadsheet-fetch-images-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A loopback image host: real PNGs, a redirect to another host name (localhost, not on the
 * allow list), a text file pretending to be an image, and a log of every request it saw.
 */
async function startImageHost() {
  const png = await sharp({ create: { width: 640, height: 400, channels: 3, background: { r: 20, g: 90, b: 160 } } }).png().toBuffer();
  const seen: string[] = [];
  const server: Server = createServer((request, response) => {
    seen.push(`${request.headers.host ?? ''}${request.url ?? ''}`);
    const port = (server.address() as AddressInfo).port;
    if (request.url === '/photos/redirect-away.png') return void response.writeHead(302, { location: `http://localhost:${port}/photos/harbour.png` }).end();
    if (request.url === '/photos/moved.png') return void response.writeHead(301, { location: '/photos/harbour.png' }).end();
    if (request.url === '/photos/notes.png') return void response.writeHead(200, { 'content-type': 'text/plain' }).end('not a picture');
    if (request.url?.startsWith('/photos/')) return void response.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, seen, port: (server.address() as AddressInfo).port };
}

function wxrWithFeaturedImages(origin: string): string {
  const post = (id: number, title: string, thumbnailId: number) =>
    `<item><title>${title}</title><link>http://old.example/?p=${id}</link><wp:post_id>${id}</wp:post_id><wp:post_date_gmt>2020-01-02 03:04:05</wp:post_date_gmt><wp:post_name>fetch-${id}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><content:encoded><![CDATA[<p>${title}.</p>]]></content:encoded><wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>${thumbnailId}</wp:meta_value></wp:postmeta></item>`;
  const attachment = (id: number, url: string) =>
    `<item><title>Attachment ${id}</title><wp:post_id>${id}</wp:post_id><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type><wp:attachment_url>${url}</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>Alt of ${id}</wp:meta_value></wp:postmeta></item>`;
  return `<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Fetch</title><link>http://old.example</link><wp:wxr_version>1.2</wp:wxr_version>${attachment(101, `${origin}/photos/harbour.png`)}${post(1, 'Harbour at dawn', 101)}${post(2, 'Elsewhere', 102)}${post(3, 'Redirected', 103)}${post(4, 'Moved', 104)}${post(5, 'Notes', 105)}${attachment(102, 'http://images.elsewhere.invalid/photo.png')}${attachment(103, `${origin}/photos/redirect-away.png`)}${attachment(104, `${origin}/photos/moved.png`)}${attachment(105, `${origin}/photos/notes.png`)}</channel></rss>`;
}

function ghostWithFeaturedImage(origin: string): string {
  return JSON.stringify({
    db: [{ meta: { exported_on: 1700000000000, version: '5.70.0' }, data: { posts: [{ id: 'g1', uuid: 'u1', title: 'Ghost harbour', slug: 'ghost-harbour', html: '<p>From Ghost.</p>', type: 'post', status: 'published', published_at: '2021-05-01T10:00:00.000Z', feature_image: `${origin}/photos/ghost.png`, feature_image_alt: 'Boats in a ghostly harbour' }] } }],
  });
}

describe.each(dialects)('featured images fetched on import (%s)', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let host: Awaited<ReturnType<typeof startImageHost>>;
  let origin: string;

  beforeAll(async () => {
    built = await buildTestApp({ dialect });
    host = await startImageHost();
    origin = `http://127.0.0.1:${host.port}`;
  });
  afterAll(async () => {
    await built?.close();
    await new Promise((resolve) => host?.server.close(resolve));
  });

  const importer = (allow: string[]) =>
    createImportService({
      store: createImportStore(built.database.db),
      clock: systemClock,
      fetchImage: createImageFetcher({ media: built.services.media, allowHosts: parseAllowedImageHosts(allow), maxBytes: 5 * 1024 * 1024 }),
    });
  const leadOf = async (slug: string) => {
    const row = await built.database.db.selectFrom('articles').select('lead_image_json').where('slug', '=', slug).executeTakeFirstOrThrow();
    return row.lead_image_json ? (JSON.parse(row.lead_image_json) as { src: string; alt: string; width?: number; variants?: unknown[] }) : null;
  };
  const mediaCount = async () => Number((await built.database.db.selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('copies WordPress featured images from an allowed host into the media library, and only from there', async () => {
    const file = join(tmp, `wxr-${dialect}.xml`);
    writeFileSync(file, wxrWithFeaturedImages(origin));
    host.seen.length = 0;
    const report = await importer([`127.0.0.1:${host.port}`]).runImport(wordPressSource(file), { fetchImages: true, allowHosts: [`127.0.0.1:${host.port}`] });
    expect(report.counts.articles.created).toBe(5);

    const fetched = await leadOf('fetch-1');
    expect(fetched?.src).toMatch(/^\/media\//);
    expect(fetched).toMatchObject({ alt: 'Alt of 101', width: 640 });
    expect(fetched?.variants?.length).toBeGreaterThan(0);
    // A relative redirect on the same allowed host is followed.
    expect((await leadOf('fetch-4'))?.src).toMatch(/^\/media\//);
    // Not allowed, redirected off the list, or not an image: an external reference and a warning.
    expect(await leadOf('fetch-2')).toEqual({ src: 'http://images.elsewhere.invalid/photo.png', alt: 'Alt of 102' });
    expect((await leadOf('fetch-3'))?.src).toBe(`${origin}/photos/redirect-away.png`);
    expect((await leadOf('fetch-5'))?.src).toBe(`${origin}/photos/notes.png`);
    const reasons = report.warnings.map((w) => `${w.sourceId}: ${w.reason ?? ''}`);
    expect(reasons).toEqual(expect.arrayContaining([
      expect.stringMatching(/^2: featured image host images\.elsewhere\.invalid is not allowed/),
      expect.stringMatching(/^3: .*redirected to localhost:\d+, which is not allowed/),
      expect.stringMatching(/^5: .*not an image \(Content-Type text\/plain\)/),
    ]));
    // The redirect's target on a host off the list was never requested.
    expect(host.seen.filter((s) => s.startsWith('localhost'))).toEqual([]);
    expect(host.seen.filter((s) => s.endsWith('/photos/harbour.png'))).toHaveLength(2);

    // Re-running the same import fetches nothing and stores no second copy.
    const media = await mediaCount();
    host.seen.length = 0;
    const again = await importer([`127.0.0.1:${host.port}`]).runImport(wordPressSource(file), { fetchImages: true, allowHosts: [`127.0.0.1:${host.port}`] });
    expect(again.counts.articles.unchanged).toBe(5);
    expect(host.seen).toEqual([]);
    expect(await mediaCount()).toBe(media);
  });

  it('copies Ghost feature images; a host allowed on another port or without the flag is never contacted', async () => {
    const file = join(tmp, `ghost-${dialect}.json`);
    writeFileSync(file, ghostWithFeaturedImage(origin));
    host.seen.length = 0;
    // Without --fetch-images: nothing is downloaded.
    const plain = await importer([]).runImport(ghostSource(file), { status: 'draft' });
    expect(plain.warnings.map((w) => w.reason)).toEqual([expect.stringContaining('use --fetch-images --allow-host 127.0.0.1')]);
    expect(host.seen).toEqual([]);
    await built.database.db.deleteFrom('import_items').execute();
    await built.database.db.deleteFrom('articles').where('slug', 'like', 'ghost-harbour%').execute();

    // The right host on another port is not the same host.
    const otherPort = await importer([`127.0.0.1:${host.port + 1}`]).runImport(ghostSource(file), { fetchImages: true, allowHosts: [`127.0.0.1:${host.port + 1}`] });
    expect(otherPort.warnings.map((w) => w.reason)).toEqual([expect.stringContaining(`host 127.0.0.1 is not allowed`)]);
    expect(host.seen).toEqual([]);
    await built.database.db.deleteFrom('import_items').execute();
    await built.database.db.deleteFrom('articles').where('slug', 'like', 'ghost-harbour%').execute();

    // A bare host name allows every port.
    const report = await importer(['127.0.0.1']).runImport(ghostSource(file), { fetchImages: true, allowHosts: ['127.0.0.1'] });
    expect(report.warnings).toEqual([]);
    expect(await leadOf('ghost-harbour')).toMatchObject({ src: expect.stringMatching(/^\/media\//), alt: 'Boats in a ghostly harbour', width: 640 });
    expect(host.seen).toEqual([`127.0.0.1:${host.port}/photos/ghost.png`]);
  });

  it('refuses an --allow-host that is not a host', async () => {
    const file = join(tmp, `ghost-bad-${dialect}.json`);
    writeFileSync(file, ghostWithFeaturedImage(origin));
    await expect(importer([]).runImport(ghostSource(file), { fetchImages: true, allowHosts: ['https://127.0.0.1/'] })).rejects.toMatchObject({ code: 'IMPORT_OPTION_INVALID' });
  });
});
