import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { ContentKeyService } from '../content-keys/index.js';
import type { AppError } from '../platform/errors/app-error.js';
import { contentApiErrors } from './content-api-errors.js';
import { CONTENT_KEY_QUERY_PARAM } from './content-api-schemas.js';

/** The `WWW-Authenticate` challenge sent with every 401 (RFC 9110 §11.6.1). */
export const CONTENT_KEY_CHALLENGE = 'Bearer realm="content-api"';

/**
 * The keys a request carries: the `key` query parameter, the X-Content-Key header and an
 * `Authorization: Bearer` header, in that order. Empty values count as absent.
 */
export function keysOf(request: FastifyRequest): string[] {
  const found: string[] = [];
  const query = request.query as Record<string, unknown> | undefined;
  const fromQuery = query?.[CONTENT_KEY_QUERY_PARAM];
  if (Array.isArray(fromQuery)) found.push(...fromQuery.map(String));
  else if (typeof fromQuery === 'string') found.push(fromQuery);
  const header = request.headers['x-content-key'];
  if (Array.isArray(header)) found.push(...header);
  else if (typeof header === 'string') found.push(header);
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '');
  if (bearer?.[1]) found.push(bearer[1]);
  return found.map((key) => key.trim()).filter((key) => key.length > 0);
}

/**
 * An onRequest hook that lets a request through only with one active content key.
 * No key → 401 CONTENT_KEY_MISSING; an unknown or revoked key, or two different keys → 401 CONTENT_KEY_INVALID.
 */
export function requireContentKey(contentKeys: Pick<ContentKeyService, 'verifyKey'>): onRequestAsyncHookHandler {
  return async function contentKeyHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const reject = (error: AppError): never => {
      reply.header('www-authenticate', CONTENT_KEY_CHALLENGE);
      throw error;
    };
    const distinct = [...new Set(keysOf(request))];
    const [key] = distinct;
    if (key === undefined) return reject(contentApiErrors.keyMissing());
    if (distinct.length > 1) return reject(contentApiErrors.keyInvalid('The request carries more than one different content key.'));
    if (!(await contentKeys.verifyKey(key))) return reject(contentApiErrors.keyInvalid());
  };
}
