import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { installErrorHandlers } from './error-handler.js';

async function appThrowing(error: unknown) {
  const app = Fastify({ logger: false });
  installErrorHandlers(app, { renderHtmlError: async (status) => `<h1>${status}</h1>` });
  app.get('/api/boom', async () => {
    throw error;
  });
  app.get('/page', async () => {
    throw error;
  });
  await app.ready();
  return app;
}

describe('error handler', () => {
  it('renders AppErrors as problem details with their code and status', async () => {
    const app = await appThrowing(new AppError({ code: 'THING_GONE', status: 410, title: 'Gone', detail: 'It went.', fields: { id: 'gone' } }));
    const response = await app.inject({ url: '/api/boom' });
    expect(response.statusCode).toBe(410);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json()).toEqual({ type: 'https://broadsheet.dev/problems/thing-gone', title: 'Gone', status: 410, detail: 'It went.', code: 'THING_GONE', instance: '/api/boom', fields: { id: 'gone' } });
  });

  it('turns a unique-index violation from either database into 409 CONFLICT', async () => {
    for (const code of ['23505', 'SQLITE_CONSTRAINT_UNIQUE']) {
      const app = await appThrowing(Object.assign(new Error('duplicate key value violates unique constraint "sections_path_key"'), { code }));
      const response = await app.inject({ url: '/api/boom' });
      expect(response.json()).toMatchObject({ status: 409, code: 'CONFLICT' });
      expect(response.body).not.toContain('sections_path_key');
    }
  });

  it('hides unknown errors behind a 500 without internals, as HTML for pages', async () => {
    const app = await appThrowing(new Error('secret stack detail'));
    const api = await app.inject({ url: '/api/boom' });
    expect(api.json()).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(api.body).not.toContain('secret');
    const page = await app.inject({ url: '/page' });
    expect(page.statusCode).toBe(500);
    expect(page.body).toBe('<h1>500</h1>');
  });
});
