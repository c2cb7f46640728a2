import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpErrors, sendProblem, toProblemDetails } from '../platform/http/problem-details.js';
import { trendingErrors } from './trending-errors.js';
import type { TrendingService } from './trending-service.js';
import type { BeaconHeaders, BeaconOutcome } from './view-rules.js';

/** The smallest transparent GIF (1×1), answered to the <noscript> pixel. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const ARTICLE_ID = /^[1-9]\d{0,9}$/;
/** URL paths of the beacon; their first segment is a reserved page slug. */
export const BEACON_PATH = '/beacon';
export const BEACON_PIXEL_PATH = '/beacon.gif';

type Via = 'beacon' | 'pixel';

/** Headers of an answer that counted or was ignored (never cached, never sniffed). */
function okHeaders(via: Via, outcome: BeaconOutcome): Record<string, string> {
  return via === 'pixel'
    ? { 'cache-control': 'no-store', 'x-beacon': outcome, 'content-type': 'image/gif', 'content-length': String(PIXEL.length), 'x-content-type-options': 'nosniff' }
    : { 'cache-control': 'no-store', 'x-beacon': outcome };
}

/**
 * The view beacon: `POST /beacon?a=<article id>` (navigator.sendBeacon from beacon.js) and
 * `GET /beacon.gif?a=<article id>` (the <noscript> image). Both answer at once, whether or not
 * the view counted, and are never cached; a malformed id is a 400 and a flooding address a 429.
 * On a real server `createBeaconFastPath` answers well-formed beacons before Fastify; these
 * routes answer everything else (and every `inject`).
 */
export async function trendingRoutes(app: FastifyInstance, options: { trending: TrendingService }): Promise<void> {
  const { trending } = options;

  // sendBeacon may carry a body of any type; the beacon ignores it (the id is in the URL).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { bodyLimit: 1024 }, (_request, _payload, done) => done(null, undefined));

  const handle = async (request: FastifyRequest, reply: FastifyReply, via: Via) => {
    const raw = (request.query as Record<string, unknown> | undefined)?.a;
    if (typeof raw !== 'string' || !ARTICLE_ID.test(raw)) {
      return sendProblem(request, reply, httpErrors.invalidRequest('Give the article id as "a", a whole number, e.g. ?a=42.', { a: 'must be an article id' }));
    }
    const outcome = await trending.recordView({ articleId: Number(raw), ip: request.ip, headers: request.headers as BeaconHeaders, via });
    if (outcome === 'throttled') return sendProblem(request, reply.header('retry-after', '1'), trendingErrors.throttled());
    reply.headers(okHeaders(via, outcome));
    return via === 'pixel' ? reply.code(200).send(PIXEL) : reply.code(204).send();
  };

  app.post(BEACON_PATH, { bodyLimit: 1024 }, (request, reply) => handle(request, reply, 'beacon'));
  app.get(BEACON_PIXEL_PATH, (request, reply) => handle(request, reply, 'pixel'));
}

/**
 * Answers well-formed beacons straight from the node:http server, before Fastify routes them
 * (a beacon per page view must cost far less than the page). Returns false for every other
 * request, which then goes to Fastify as usual (malformed beacons get their 400 there).
 * The client address follows app.ts's `trustProxy: true`: the first X-Forwarded-For entry.
 */
export function createBeaconFastPath(trending: TrendingService, onError: (error: unknown) => void = () => undefined): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    const url = request.url;
    if (url === undefined || url.length > 64 || !url.startsWith(BEACON_PATH)) return false;
    const via: Via | undefined = request.method === 'POST' && url.startsWith(`${BEACON_PATH}?a=`) ? 'beacon' : request.method === 'GET' && url.startsWith(`${BEACON_PIXEL_PATH}?a=`) ? 'pixel' : undefined;
    if (!via) return false;
    const id = url.slice(via === 'beacon' ? BEACON_PATH.length + 3 : BEACON_PIXEL_PATH.length + 3);
    if (!ARTICLE_ID.test(id)) return false;
    if (via === 'beacon' && Number(request.headers['content-length'] ?? 0) > 1024) return false;
    request.resume();
    const forwarded = request.headers['x-forwarded-for'];
    const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
    const ip = first || request.socket.remoteAddress || '';
    trending.recordView({ articleId: Number(id), ip, headers: request.headers as BeaconHeaders, via }).then(
      (outcome) => {
        if (outcome === 'throttled') {
          const body = JSON.stringify(toProblemDetails(trendingErrors.throttled(), url.split('?')[0]));
          response.writeHead(429, { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '1', 'content-length': Buffer.byteLength(body) });
          response.end(body);
        } else {
          response.writeHead(via === 'pixel' ? 200 : 204, okHeaders(via, outcome));
          response.end(via === 'pixel' ? PIXEL : undefined);
        }
      },
      (error: unknown) => {
        onError(error);
        response.writeHead(500, { 'cache-control': 'no-store', 'content-length': '0' });
        response.end();
      },
    );
    return true;
  };
}
