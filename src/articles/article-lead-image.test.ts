import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { makeSections } from '../../test/support/factories.js';
import { signInAs } from '../../test/support/staff.js';

const API = '/api/admin/v1';

describe('a lead image from the media library', () => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let editor: Awaited<ReturnType<typeof signInAs>>;
  let sectionId: number;

  beforeAll(async () => {
    built = await buildTestApp();
    editor = await signInAs(built, 'editor');
    sectionId = (await makeSections(built.services, ['world'])).world!;
  });
  afterAll(async () => built?.close());

  async function upload(alt: string | undefined): Promise<number> {
    const buffer = await sharp({ create: { width: 1800, height: 1000, channels: 3, background: '#2a6f97' } }).jpeg().toBuffer();
    const actor = { userId: editor.userId, email: editor.email, name: 'Editor', role: 'editor' as const, authorId: null, isOwner: false, via: 'session' as const };
    return (await built.services.media.upload({ buffer, originalName: 'harbour.jpg', ...(alt ? { alt } : {}), caption: 'The harbour at dawn', credit: 'Photo: Staff', actor })).id;
  }

  it('is picked by media id, refused for publishing without alt text, and shown in <picture> with AVIF and WebP', async () => {
    const withoutAlt = await upload(undefined);
    const created = await built.app.inject({ method: 'POST', url: `${API}/articles`, headers: editor.headers, payload: { headline: 'Harbour reopens', primary_section_id: sectionId, body_markdown: 'Ships are back.', lead_image_media_id: withoutAlt } });
    expect(created.statusCode).toBe(201);
    const { article } = created.json() as { article: { id: number; slug: string; version: number } };
    const refused = await built.app.inject({ method: 'POST', url: `${API}/articles/${article.id}/publish`, headers: editor.headers, payload: {} });
    expect(refused.json()).toMatchObject({ code: 'ARTICLE_LEAD_IMAGE_ALT_MISSING' });

    const withAlt = await upload('Fishing boats moored in a calm harbour');
    const saved = await built.app.inject({ method: 'PATCH', url: `${API}/articles/${article.id}`, headers: editor.headers, payload: { version: article.version, lead_image_media_id: withAlt } });
    expect(saved.statusCode).toBe(200);
    expect((await built.app.inject({ method: 'POST', url: `${API}/articles/${article.id}/publish`, headers: editor.headers, payload: {} })).statusCode).toBe(200);

    const page = await built.app.inject({ url: `/articles/${article.slug}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<source type="image\/avif" srcset="\/media\/[^"]+480\.avif 480w/);
    expect(page.body).toMatch(/<source type="image\/webp"/);
    expect(page.body).toContain('alt="Fishing boats moored in a calm harbour"');
    expect(page.body).toContain('The harbour at dawn');

    const bad = await built.app.inject({ method: 'PATCH', url: `${API}/articles/${article.id}`, headers: editor.headers, payload: { version: 99, lead_image_media_id: 'x' } });
    expect(bad.json()).toMatchObject({ status: 400, fields: { lead_image_media_id: expect.any(String) } });
  });
});
