import { Redis } from 'ioredis';

/** Raised when REDIS_URL is set but Redis does not answer; the message names the setting. */
export class RedisConnectError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisConnectError';
  }
}

/** Connects to Redis and checks it answers, failing fast with a message naming REDIS_URL. */
export async function createRedisClient(url: string, options: { keyPrefix?: string } = {}): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 3000, ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}) });
  // Errors after connecting are retried by ioredis; without a listener they would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    const safe = url.replace(/\/\/[^@/]*@/, '//***@');
    throw new RedisConnectError(`Cannot connect to Redis at ${safe} (REDIS_URL): ${(error as Error).message}`, { cause: error });
  }
  return client;
}
