import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { signInAs } from '../../test/support/staff.js';

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
type Part = { name: string; value: string } | { name: string; filename: string; contentType: string; data: Buffer };

const MAX_BYTES = 300_000;
const BOUNDARY = '----broadsheet-test-boundary';

/** A multipart/form-data body built by hand, as a browser would send it. */
function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('data' in part) {
      chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.contentType}\r\n\r\n`), part.data, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } };
}

const picture = (width = 640, height = 360) => sharp({ create: { width, height, channels: 3, background: '#2d6a4f' } }).jpeg().toBuffer();
const filePart = (data: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg'): Part => ({ name: 'file', filename, contentType, data });

describe('media admin routes', () => {
  let built: TestApp;
  let contributor: Awaited<ReturnType<typeof signInAs>>;
  let other: Awaited<ReturnType<typeof signInAs>>;
  let editor: Awaited<ReturnType<typeof signInAs>>;

  const upload = async (who: { headers: Record<string, string> }, parts: Part[]) => {
    const body = multipart(parts);
    return built.app.inject({ method: 'POST', url: '/api/admin/v1/media', payload: body.payload, headers: { ...who.headers, ...body.headers } });
  };

  beforeAll(async () => {
    built = await buildTestApp({ env: { MEDIA_MAX_BYTES: String(MAX_BYTES) } });
    contributor = await signInAs(built, 'contributor');
    other = await signInAs(built, 'contributor');
    editor = await signInAs(built, 'editor');
  });
  afterAll(async () => {
    await built?.close();
  });

  describe('POST /media', () => {
    it('uploads a picture with its details and answers 201 with snake_case JSON whose files are served', async () => {
      const response = await upload(contributor, [
        { name: 'alt', value: 'Tractors at the county show' },
        filePart(await picture(), 'show.jpg'),
        { name: 'caption', value: 'The parade ring on Saturday.' },
        { name: 'credit', value: 'Sam Lens' },
      ]);
      expect(response.statusCode).toBe(201);
      const { media } = response.json();
      expect(media).toMatchObject({
        original_name: 'show.jpg',
        mime_type: 'image/jpeg',
        width: 640,
        height: 360,
        alt: 'Tractors at the county show',
        caption: 'The parade ring on Saturday.',
        credit: 'Sam Lens',
        uploaded_by: contributor.userId,
      });
      expect(Object.keys(media).sort()).toEqual(['alt', 'bytes', 'caption', 'created_at', 'credit', 'height', 'id', 'mime_type', 'original_name', 'updated_at', 'uploaded_by', 'url', 'variants', 'width'].sort());
      expect(media.url).toMatch(/^\/media\/[0-9a-f]{24}\/640\.jpg$/);
      expect(media.variants.map((v: { width: number; type: string }) => `${v.width} ${v.type}`)).toEqual(['480 image/avif', '480 image/webp', '480 image/jpeg', '640 image/avif', '640 image/webp', '640 image/jpeg']);
      const served = await built.app.inject({ method: 'GET', url: media.url });
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toContain('image/jpeg');
    });

    it('refuses a file over MEDIA_MAX_BYTES with 413 MEDIA_TOO_LARGE', async () => {
      const response = await upload(contributor, [filePart(Buffer.alloc(MAX_BYTES + 10, 0xff))]);
      expect(response.statusCode).toBe(413);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe('MEDIA_TOO_LARGE');
    });

    it('judges the type by content: text named photo.jpg and sent as image/jpeg gets 415', async () => {
      const response = await upload(contributor, [filePart(Buffer.from('not a picture at all\n'), 'photo.jpg', 'image/jpeg')]);
      expect(response.statusCode).toBe(415);
      expect(response.json().code).toBe('MEDIA_TYPE_UNSUPPORTED');
    });

    it('refuses a truncated picture with 400 MEDIA_INVALID', async () => {
      const full = await picture();
      const response = await upload(contributor, [filePart(full.subarray(0, full.length >> 1))]);
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('MEDIA_INVALID');
    });

    it.each([
      ['no file part', () => [{ name: 'alt', value: 'x' }] as Part[], 400, 'MEDIA_FILE_MISSING'],
      ['two files', async () => [filePart(await picture(100, 100)), filePart(await picture(100, 100))], 400, 'MEDIA_FIELDS_INVALID'],
      ['the file under another field name', async () => [{ ...filePart(await picture(100, 100)), name: 'upload' }] as Part[], 400, 'MEDIA_FIELDS_INVALID'],
      ['an unknown text field', async () => [{ name: 'title', value: 'x' }, filePart(await picture(100, 100))], 400, 'MEDIA_FIELDS_INVALID'],
      ['alt text over 1000 characters', async () => [{ name: 'alt', value: 'a'.repeat(1001) }, filePart(await picture(100, 100))], 400, 'MEDIA_FIELDS_INVALID'],
    ])('refuses a form with %s', async (_label, parts, status, code) => {
      const response = await upload(contributor, await parts());
      expect(response.statusCode).toBe(status);
      expect(response.json().code).toBe(code);
    });

    it('refuses a JSON body with 400 MEDIA_FILE_MISSING', async () => {
      const response = await built.app.inject({ method: 'POST', url: '/api/admin/v1/media', headers: contributor.headers, payload: { file: 'x' } });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('MEDIA_FILE_MISSING');
    });

    it('needs a signed-in staff member and the CSRF token', async () => {
      const body = multipart([filePart(await picture(100, 100))]);
      const anonymous = await built.app.inject({ method: 'POST', url: '/api/admin/v1/media', payload: body.payload, headers: body.headers });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().code).toBe('AUTH_REQUIRED');
      const withoutCsrf = await built.app.inject({ method: 'POST', url: '/api/admin/v1/media', payload: body.payload, headers: { ...body.headers, cookie: contributor.headers.cookie! } });
      expect(withoutCsrf.statusCode).toBe(403);
      expect(withoutCsrf.json().code).toBe('CSRF_INVALID');
    });
  });

  describe('GET, PATCH and DELETE', () => {
    let ownId: number;
    let othersId: number;

    beforeAll(async () => {
      ownId = (await upload(contributor, [{ name: 'alt', value: 'Lighthouse in fog' }, filePart(await picture(200, 120), 'lighthouse.jpg')])).json().media.id;
      othersId = (await upload(other, [{ name: 'alt', value: 'Harbour wall' }, filePart(await picture(200, 120), 'wall.jpg')])).json().media.id;
    });

    it('lists newest first with a cursor, a search and a "mine" filter', async () => {
      const first = await built.app.inject({ method: 'GET', url: '/api/admin/v1/media?limit=1', headers: contributor.headers });
      expect(first.statusCode).toBe(200);
      expect(first.json().media.map((m: { id: number }) => m.id)).toEqual([othersId]);
      const cursor = first.json().next_cursor;
      const second = await built.app.inject({ method: 'GET', url: `/api/admin/v1/media?limit=1&cursor=${cursor}`, headers: contributor.headers });
      expect(second.json().media.map((m: { id: number }) => m.id)).toEqual([ownId]);
      const search = await built.app.inject({ method: 'GET', url: '/api/admin/v1/media?q=LIGHTHOUSE', headers: contributor.headers });
      expect(search.json().media.map((m: { id: number }) => m.id)).toEqual([ownId]);
      const mine = await built.app.inject({ method: 'GET', url: '/api/admin/v1/media?mine=true', headers: other.headers });
      expect(mine.json()).toEqual({ media: [expect.objectContaining({ id: othersId })], next_cursor: null });
    });

    it('refuses unknown query parameters and bad limits', async () => {
      for (const query of ['limit=0', 'limit=abc', 'sort=name', 'cursor=xyz']) {
        const response = await built.app.inject({ method: 'GET', url: `/api/admin/v1/media?${query}`, headers: contributor.headers });
        expect(response.statusCode, query).toBe(400);
        expect(response.json().code).toBe('MEDIA_FIELDS_INVALID');
      }
    });

    it('answers one item, and 404 MEDIA_NOT_FOUND for unknown or malformed ids', async () => {
      const found = await built.app.inject({ method: 'GET', url: `/api/admin/v1/media/${ownId}`, headers: contributor.headers });
      expect(found.json().media).toMatchObject({ id: ownId, alt: 'Lighthouse in fog' });
      for (const id of ['999999', 'abc', '0', '-1']) {
        const response = await built.app.inject({ method: 'GET', url: `/api/admin/v1/media/${id}`, headers: contributor.headers });
        expect(response.statusCode, id).toBe(404);
        expect(response.json().code).toBe('MEDIA_NOT_FOUND');
      }
    });

    it('lets the uploader edit details with JSON, and validates them', async () => {
      const response = await built.app.inject({ method: 'PATCH', url: `/api/admin/v1/media/${ownId}`, headers: contributor.headers, payload: { alt: 'Lighthouse in morning fog', credit: 'Sam Lens' } });
      expect(response.statusCode).toBe(200);
      expect(response.json().media).toMatchObject({ alt: 'Lighthouse in morning fog', credit: 'Sam Lens', caption: null });
      const invalid = await built.app.inject({ method: 'PATCH', url: `/api/admin/v1/media/${ownId}`, headers: contributor.headers, payload: { caption: 42 } });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json()).toMatchObject({ code: 'MEDIA_FIELDS_INVALID', fields: { caption: expect.any(String) } });
    });

    it('needs the editor role to edit or delete someone else\u2019s upload', async () => {
      const patch = await built.app.inject({ method: 'PATCH', url: `/api/admin/v1/media/${othersId}`, headers: contributor.headers, payload: { alt: 'mine' } });
      expect(patch.statusCode).toBe(403);
      expect(patch.json().code).toBe('MEDIA_FORBIDDEN');
      const remove = await built.app.inject({ method: 'DELETE', url: `/api/admin/v1/media/${othersId}`, headers: contributor.headers });
      expect(remove.statusCode).toBe(403);
      const byEditor = await built.app.inject({ method: 'PATCH', url: `/api/admin/v1/media/${othersId}`, headers: editor.headers, payload: { caption: 'Storm damage, January.' } });
      expect(byEditor.statusCode).toBe(200);
      expect(byEditor.json().media.caption).toBe('Storm damage, January.');
    });

    it('deletes with 204, after which the item is gone from the library', async () => {
      const response = await built.app.inject({ method: 'DELETE', url: `/api/admin/v1/media/${ownId}`, headers: contributor.headers });
      expect(response.statusCode).toBe(204);
      const after = await built.app.inject({ method: 'GET', url: `/api/admin/v1/media/${ownId}`, headers: contributor.headers });
      expect(after.statusCode).toBe(404);
      const audit = await built.services.audit.list({ objectType: 'media', objectId: String(ownId), limit: 10 });
      expect(audit.map((e) => e.action)).toEqual(['media.delete', 'media.update', 'media.upload']);
    });
  });
});
