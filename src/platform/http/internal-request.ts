import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Requests the process makes to itself (the page cache's background re-renders) carry this
 * header with a secret drawn at start-up, so per-address limits meant for clients can let them
 * through; nobody outside the process knows the value.
 */
export const INTERNAL_REQUEST_HEADER = 'x-broadsheet-internal';
const token = randomBytes(24).toString('base64url');

export function internalRequestHeaders(): Record<string, string> {
  return { [INTERNAL_REQUEST_HEADER]: token };
}

export function isInternalRequest(headers: IncomingHttpHeaders): boolean {
  return headers[INTERNAL_REQUEST_HEADER] === token;
}
