import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';

/** An RFC 9457 problem details body, with Broadsheet's stable `code`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  fields?: Record<string, string>;
  /** Extension members from AppError.extra (RFC 9457 §3.2), e.g. `current`. */
  [extension: string]: unknown;
}

/** Builds the problem body for an AppError, pointing `type` at the error's code. */
export function toProblemDetails(error: AppError, instance?: string): ProblemDetails {
  return {
    ...(error.extra ?? {}),
    type: `https://broadsheet.dev/problems/${error.code.toLowerCase().replace(/_/g, '-')}`,
    title: error.title,
    status: error.status,
    detail: error.detail,
    code: error.code,
    ...(instance ? { instance } : {}),
    ...(error.fields ? { fields: error.fields } : {}),
  };
}

/** Sends `error` as application/problem+json. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const path = request.url.split('?')[0] ?? '/';
  return reply
    .code(error.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(JSON.stringify(toProblemDetails(error, path.length <= 512 ? path : undefined)));
}

/** Errors every HTTP surface shares. */
export const httpErrors = {
  notFound: (what = 'resource') =>
    new AppError({ code: 'NOT_FOUND', status: 404, title: 'Not found', detail: `The ${what} you asked for does not exist.` }),
  uriTooLong: () => new AppError({ code: 'URI_TOO_LONG', status: 414, title: 'URI too long', detail: 'The request URL is longer than this server accepts.' }),
  internal: (requestId: string) =>
    new AppError({ code: 'INTERNAL_ERROR', status: 500, title: 'Internal error', detail: `Something went wrong on our side. Quote request id ${requestId} if you report it.` }),
  invalidRequest: (detail: string, fields?: Record<string, string>) =>
    new AppError({ code: 'INVALID_REQUEST', status: 400, title: 'Invalid request', detail, ...(fields ? { fields } : {}) }),
  unauthorizedKey: (detail: string) =>
    new AppError({ code: 'CONTENT_KEY_INVALID', status: 401, title: 'Content key required', detail }),
};
