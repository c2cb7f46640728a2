import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random URL-safe secret with a readable prefix, e.g. "bss_…" for sessions. */
export function createSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** Secrets are stored only as SHA-256 hashes, so a database leak does not leak sessions or tokens. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time comparison of two strings. */
export function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
