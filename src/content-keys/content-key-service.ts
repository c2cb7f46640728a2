import { createHash, randomBytes } from 'node:crypto';
import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors/app-error.js';
import type { ContentKeyStore } from './content-key-store.js';

/** A Content API key as listings show it: never the key itself. */
export interface ContentKeyInfo {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const KEY_PREFIX = 'bsk_';
// Writing last_used_at on every request would turn reads into writes; once a minute is enough.
const TOUCH_INTERVAL_MS = 60_000;

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Issues, lists, revokes and checks Content API keys. Keys are stored only as SHA-256 hashes. */
export function createContentKeyService(deps: { store: ContentKeyStore; clock: Clock }) {
  const { store, clock } = deps;
  const lastTouched = new Map<number, number>();
  return {
    /** Creates a key; the returned `key` is shown once and cannot be recovered. */
    async issueKey(name: string): Promise<{ key: string; info: ContentKeyInfo }> {
      const trimmed = name.trim();
      if (!trimmed || trimmed.length > 100) {
        throw new AppError({ code: 'CONTENT_KEY_NAME_INVALID', status: 400, title: 'Invalid key name', detail: 'A key name must have 1 to 100 characters.' });
      }
      const key = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
      const row = await store.insert({ name: trimmed, keyHash: hashKey(key), keyPrefix: key.slice(0, KEY_PREFIX.length + 6), now: nowIso(clock) });
      return { key, info: { id: row.id, name: row.name, prefix: row.key_prefix, createdAt: row.created_at, revokedAt: row.revoked_at, lastUsedAt: row.last_used_at } };
    },

    async listKeys(): Promise<ContentKeyInfo[]> {
      return (await store.listAll()).map((row) => ({ id: row.id, name: row.name, prefix: row.key_prefix, createdAt: row.created_at, revokedAt: row.revoked_at, lastUsedAt: row.last_used_at }));
    },

    async revokeKey(id: number): Promise<void> {
      if (!(await store.revoke(id, nowIso(clock)))) {
        throw new AppError({ code: 'CONTENT_KEY_NOT_FOUND', status: 404, title: 'Key not found', detail: `No active content key with id ${id}.` });
      }
    },

    /** True when `key` is an active key; records its use at most once a minute. */
    async verifyKey(key: string): Promise<boolean> {
      if (!key.startsWith(KEY_PREFIX) || key.length > 200) return false;
      const row = await store.findActiveByHash(hashKey(key));
      if (!row) return false;
      const now = clock.now().getTime();
      if ((lastTouched.get(row.id) ?? 0) + TOUCH_INTERVAL_MS < now) {
        lastTouched.set(row.id, now);
        await store.touch(row.id, nowIso(clock));
      }
      return true;
    },
  };
}

export type ContentKeyService = ReturnType<typeof createContentKeyService>;
