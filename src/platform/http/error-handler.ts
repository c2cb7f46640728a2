import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../errors/app-error.js';
import { httpErrors, sendProblem } from './problem-details.js';

export interface ErrorHandlerOptions {
  /** Renders the HTML error page for reader URLs; problem details are used for /api. */
  renderHtmlError(status: 404 | 500): Promise<string>;
}

const FALLBACK_HTML = (status: number, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${text}</title></head><body><main><h1>${text}</h1><p><a href="/">Go to the home page</a></p></main></body></html>`;

function wantsProblemJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/api' || request.url.startsWith('/healthz') || request.url.startsWith('/readyz');
}

/**
 * One place that turns errors into responses: AppErrors keep their status and code, Fastify's
 * own 4xx errors become INVALID_REQUEST, anything else is a logged 500 without internals.
 */
export function installErrorHandlers(app: FastifyInstance, options: ErrorHandlerOptions): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    let appError: AppError;
    if (isAppError(error)) {
      appError = error;
    } else if (isUniqueViolation(error)) {
      // Two writers raced past a service's own check; the database's unique index caught it.
      appError = new AppError({ code: 'CONFLICT', status: 409, title: 'Already exists', detail: 'Something with the same unique value (such as a slug or email) was saved at the same moment. Reload and try again.' });
    } else if (error.validation) {
      appError = httpErrors.invalidRequest(error.message);
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      appError = new AppError({ code: error.code ?? 'INVALID_REQUEST', status: error.statusCode, title: 'Invalid request', detail: error.message });
    } else {
      request.log.error({ err: error, reqId: request.id }, 'request failed');
      appError = httpErrors.internal(String(request.id));
    }
    if (wantsProblemJson(request) || appError.status < 500 && appError.status !== 404) return sendProblem(request, reply, appError);
    return sendHtmlError(reply, appError.status >= 500 ? 500 : 404, options);
  });

  app.setNotFoundHandler(async (request, reply) => sendNotFound(request, reply, options));
}

/** The 404 answer: problem details under /api, the site's 404 page elsewhere. */
export async function sendNotFound(request: FastifyRequest, reply: FastifyReply, options: ErrorHandlerOptions): Promise<FastifyReply> {
  if (wantsProblemJson(request)) return sendProblem(request, reply, httpErrors.notFound());
  return sendHtmlError(reply, 404, options);
}

async function sendHtmlError(reply: FastifyReply, status: 404 | 500, options: ErrorHandlerOptions): Promise<FastifyReply> {
  let html: string;
  try {
    html = await options.renderHtmlError(status);
  } catch (renderError) {
    reply.log.error({ err: renderError }, 'error page failed to render');
    html = FALLBACK_HTML(status, status === 404 ? 'Page not found' : 'Something went wrong');
  }
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/** A unique-index violation from SQLite (better-sqlite3) or PostgreSQL (pg, SQLSTATE 23505). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
