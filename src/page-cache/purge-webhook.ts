/** Tells a CDN (or anything listening) which cached pages to drop: POST {"keys":[…]} or {"all":true}. */
export interface PurgeWebhook {
  /** Fire-and-forget: never throws, never blocks the caller; failures are logged. */
  notify(keys: string[] | null): void;
  /** Resolves when every notification sent so far has finished (tests, shutdown). */
  idle(): Promise<void>;
}

export function createPurgeWebhook(options: { url: string; timeoutMs?: number; log: { warn(object: object, message: string): void } }): PurgeWebhook {
  const pending = new Set<Promise<void>>();
  const timeoutMs = options.timeoutMs ?? 2000;
  return {
    notify(keys) {
      const body = JSON.stringify(keys === null ? { all: true } : { keys });
      const sent = (async () => {
        try {
          const response = await fetch(options.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs) });
          await response.body?.cancel();
          if (!response.ok) options.log.warn({ status: response.status, url: options.url }, 'purge webhook answered with an error');
        } catch (error) {
          options.log.warn({ err: error, url: options.url }, 'purge webhook failed');
        }
      })();
      pending.add(sent);
      void sent.finally(() => pending.delete(sent));
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
