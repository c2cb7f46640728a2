import { ConfigError } from '../config/load-config.js';
import { DatabaseOpenError } from '../platform/db/create-db.js';
import { RedisConnectError } from '../platform/redis/create-redis.js';
import { isAppError } from '../platform/errors/app-error.js';

/** Prints a startup or command failure in words an operator can act on; returns the exit code. */
export function reportStartupError(error: unknown): number {
  if (error instanceof ConfigError) {
    console.error(error.message);
    return 2;
  }
  if (error instanceof DatabaseOpenError || error instanceof RedisConnectError) {
    console.error(`Broadsheet cannot start: ${error.message}`);
    return 1;
  }
  if (isAppError(error)) {
    console.error(`${error.title}: ${error.detail} (${error.code})`);
    return 1;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    console.error(`Broadsheet cannot start: the port is already in use (${(error as Error).message}). Set PORT to a free port.`);
    return 1;
  }
  console.error('Broadsheet failed:', error);
  return 1;
}
