import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpErrors, sendProblem } from '../platform/http/problem-details.js';
import { trendingErrors } from './trending-errors.js';
import type { TrendingService } from './trending-service.js';
import type { BeaconHeaders } from './view-rules.js';

/** The smallest transparent GIF (1×1), answered to the <noscript> pixel. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const ARTICLE_ID = /^[1-9]\d{0,9}$/;
/** URL paths of the beacon; their first segment is a reserved page slug. */
export const BEACON_PATH = '/beacon';
export const BEACON_PIXEL_PATH = '/beacon.gif';

/**
 * The view beacon: `POST /beacon?a=<article id>` (navigator.sendBeacon from beacon.js) and
 * `GET /beacon.gif?a=<article id>` (the <noscript> image). Both answer at once, whether or not
 * the view counted, and are never cached; a malformed id is a 400 and a flooding address a 429.
 */
export async function trendingRoutes(app: FastifyInstance, options: { trending: TrendingService }): Promise<void> {
  const { trending } = options;

  // sendBeacon may carry a body of any type; the beacon ignores it (the id is in the URL).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { bodyLimit: 1024 }, (_request, _payload, done) => done(null, undefined));

  const handle = async (request: FastifyRequest, reply: FastifyReply, via: 'beacon' | 'pixel') => {
    const raw = (request.query as Record<string, unknown> | undefined)?.a;
    if (typeof raw !== 'string' || !ARTICLE_ID.test(raw)) {
      return sendProblem(request, reply, httpErrors.invalidRequest('Give the article id as "a", a whole number, e.g. ?a=42.', { a: 'must be an article id' }));
    }
    const outcome = await trending.recordView({ articleId: Number(raw), ip: request.ip, headers: request.headers as BeaconHeaders, via });
    if (outcome === 'throttled') return sendProblem(request, reply.header('retry-after', '1'), trendingErrors.throttled());
    reply.header('cache-control', 'no-store').header('x-beacon', outcome);
    return via === 'pixel' ? reply.code(200).header('content-type', 'image/gif').send(PIXEL) : reply.code(204).send();
  };

  app.post(BEACON_PATH, { bodyLimit: 1024 }, (request, reply) => handle(request, reply, 'beacon'));
  app.get(BEACON_PIXEL_PATH, (request, reply) => handle(request, reply, 'pixel'));
}
