import type { FastifyReply, FastifyRequest } from 'fastify';
import { CONTENT_KEY_QUERY_PARAM } from './content-api-schemas.js';

/** Data is the same for every key, but it is only for key holders: browsers may keep it, shared caches may not. */
export const DATA_CACHE_CONTROL = 'private, max-age=60';

/** Sends a Content API answer with the data cache policy. */
export function sendData(reply: FastifyReply, body: object): FastifyReply {
  return reply.header('cache-control', DATA_CACHE_CONTROL).send(body);
}

/** The query without the content key, which the auth hook has already checked. */
export function queryWithoutKey(request: FastifyRequest): Record<string, unknown> {
  const { [CONTENT_KEY_QUERY_PARAM]: _key, ...rest } = (request.query ?? {}) as Record<string, unknown>;
  return rest;
}
