import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/support/build-test-app.js';
import { signInAs } from '../../test/support/staff.js';
import { availableDialects } from '../../test/support/test-databases.js';

const dialects = await availableDialects();
const API = '/api/admin/v1';

describe.each(dialects)('settings admin routes on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let contributor: Record<string, string>;
  let editor: Record<string, string>;
  let admin: Record<string, string>;
  const call = (method: 'GET' | 'PATCH', headers: Record<string, string>, payload?: unknown) =>
    built.app.inject({ method, url: `${API}/settings`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    built = await buildTestApp({ dialect });
    contributor = (await signInAs(built, 'contributor')).headers;
    editor = (await signInAs(built, 'editor')).headers;
    admin = (await signInAs(built, 'admin')).headers;
  });
  afterAll(async () => built?.close());

  it('shows the settings to any staff member', async () => {
    const response = await call('GET', contributor);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ settings: { name: 'Broadsheet', description: 'An online newspaper.', language: 'en', time_zone: 'UTC', logo_url: null } });
    expect((await call('GET', {})).statusCode).toBe(401);
  });

  it('lets only admins change them, and the reader site shows the change', async () => {
    expect((await call('PATCH', editor, { name: 'The Harbour Post' })).json()).toMatchObject({ code: 'FORBIDDEN' });
    const response = await call('PATCH', admin, { name: 'The Harbour Post', time_zone: 'Europe/Lisbon', logo_url: '/media/logo.png', language: 'pt-PT' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ settings: { name: 'The Harbour Post', description: 'An online newspaper.', language: 'pt-PT', time_zone: 'Europe/Lisbon', logo_url: '/media/logo.png' } });
    const home = await built.app.inject({ method: 'GET', url: '/' });
    expect(home.body).toContain('The Harbour Post');
    expect(home.body).toContain('lang="pt-PT"');
    const [entry] = await built.services.audit.list({ objectType: 'settings', limit: 1 });
    expect(entry).toMatchObject({ action: 'settings.update', details: { changed: ['name', 'language', 'time_zone', 'logo_url'] } });
  });

  it('refuses bad values and unknown fields, naming each, and keeps the old settings', async () => {
    const bad = await call('PATCH', admin, { time_zone: 'Mars/Base', logo_url: 'javascript:alert(1)', language: 'not a tag', colour: 'red' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'SETTINGS_INVALID', fields: { time_zone: expect.any(String), logo_url: expect.any(String), language: expect.any(String), colour: 'is not a known field' } });
    expect((await call('PATCH', admin, {})).json()).toMatchObject({ code: 'SETTINGS_INVALID' });
    expect((await call('PATCH', admin, { name: '   ' })).json()).toMatchObject({ code: 'SETTINGS_INVALID', fields: { name: expect.any(String) } });
    expect((await call('GET', contributor)).json()).toMatchObject({ settings: { time_zone: 'Europe/Lisbon' } });
  });
});
