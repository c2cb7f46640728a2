import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * HMAC signatures for values the server hands out and must recognise again without storing
 * them: the anonymous reaction cookie, form tokens (CSRF) and the signed page-load time of
 * the comment form.
 */
export interface Signer {
  /** `value.signature`, URL- and cookie-safe when `value` is. */
  sign(value: string): string;
  /** The value when the signature is right, otherwise null. */
  unsign(signed: string): string | null;
}

export function createSigner(secret: string): Signer {
  const mac = (value: string) => createHmac('sha256', secret).update(value).digest('base64url');
  return {
    sign: (value) => `${value}.${mac(value)}`,
    unsign(signed) {
      const dot = signed.lastIndexOf('.');
      if (dot <= 0 || signed.length > 1000) return null;
      const value = signed.slice(0, dot);
      return secretsEqual(mac(value), signed.slice(dot + 1)) ? value : null;
    },
  };
}

export function newSigningSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A random URL-safe secret with a readable prefix. */
export function createSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** Tokens and session ids are stored only as SHA-256 hashes. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
