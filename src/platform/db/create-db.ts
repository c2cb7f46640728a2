import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, SqliteDriver, sql } from 'kysely';
import type { DatabaseConnection, Driver, SqliteDialectConfig } from 'kysely';
import { resolve } from 'node:path';
import type { SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { Database } from './tables.js';

export type DialectName = 'sqlite' | 'postgres';

/** An open database: the Kysely handle, which dialect it speaks, and how to close it. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where it lives, for messages (a file path or a URL without its password). */
  location: string;
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** postgres://… for PostgreSQL; unset for SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL only: schema to use as search_path (tests isolate themselves this way). */
  postgresSchema?: string;
  /** SQLite only: file name inside dataDir. Default broadsheet.sqlite. */
  sqliteFile?: string;
}

/** Raised when the database cannot be opened; the message names the setting to fix. */
export class DatabaseOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseOpenError';
  }
}

// PostgreSQL returns bigint counts as strings and timestamps as Dates; we store times as text
// and read counts through Number(), so only int8 needs a parser.
pg.types.setTypeParser(20, (value: string) => Number(value));

/** Opens SQLite (WAL) in `dataDir` or PostgreSQL at `databaseUrl` and checks it answers. */
export async function createDatabase(options: CreateDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.postgresSchema);
  return openSqlite(options.dataDir, options.sqliteFile ?? 'broadsheet.sqlite');
}

function openSqlite(dataDir: string, fileName: string): DatabaseHandle {
  const file = join(dataDir, fileName);
  let native: SQLite.Database;
  try {
    mkdirSync(dataDir, { recursive: true });
    native = new SQLite(file);
    native.pragma('journal_mode = WAL');
    native.pragma('synchronous = NORMAL');
    native.pragma('foreign_keys = ON');
    native.pragma('busy_timeout = 5000');
    native.prepare('select 1').get();
  } catch (error) {
    throw new DatabaseOpenError(
      `Cannot open the SQLite database at ${file} (DATA_DIR=${dataDir}): ${(error as Error).message}`,
      { cause: error },
    );
  }
  const db = new Kysely<Database>({ dialect: new FileLockedSqliteDialect({ database: withStatementCache(native) }, fileLockOf(resolve(file))) });
  return {
    db,
    dialect: 'sqlite',
    location: file,
    close: async () => {
      await db.destroy();
    },
  };
}

/**
 * A FIFO lock per database file, shared by every connection this process opens to it.
 * better-sqlite3 is synchronous: when one connection holds a write transaction across an
 * `await` and another connection in the same process writes, SQLite's busy wait blocks the
 * only thread, the first transaction can never finish, and the second fails with "database is
 * locked". Taking this lock before using a connection makes the second wait asynchronously
 * instead. (Separate processes are unaffected: there the busy timeout does the waiting.)
 */
class FileLock {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;
  async lock(): Promise<void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
  }
  unlock(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}

const fileLocks = new Map<string, FileLock>();
function fileLockOf(file: string): FileLock {
  let lock = fileLocks.get(file);
  if (!lock) fileLocks.set(file, (lock = new FileLock()));
  return lock;
}

class FileLockedSqliteDriver extends SqliteDriver {
  readonly #lock: FileLock;
  constructor(config: SqliteDialectConfig, lock: FileLock) {
    super(config);
    this.#lock = lock;
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock.lock();
    try {
      return await super.acquireConnection();
    } catch (error) {
      this.#lock.unlock();
      throw error;
    }
  }
  override async releaseConnection(): Promise<void> {
    try {
      await super.releaseConnection();
    } finally {
      this.#lock.unlock();
    }
  }
}

class FileLockedSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #lock: FileLock;
  constructor(config: SqliteDialectConfig, lock: FileLock) {
    super(config);
    this.#config = config;
    this.#lock = lock;
  }
  override createDriver(): Driver {
    return new FileLockedSqliteDriver(this.#config, this.#lock);
  }
}

/** Most distinct SQL texts kept prepared; `in (?, ?, …)` lists make some texts vary with their length. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh, and preparing costs more than running a small indexed
 * query. Reusing prepared statements by SQL text is safe here: Kysely runs one query at a time on
 * the single SQLite connection (a stream holds the connection until it ends), and SQLite
 * re-prepares a statement by itself when the schema changes.
 */
function withStatementCache(native: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  const prepare = (source: string): SQLite.Statement => {
    let statement = statements.get(source);
    if (!statement) {
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
      statement = native.prepare(source);
      statements.set(source, statement);
    }
    return statement;
  };
  return { prepare, close: () => void native.close() };
}

async function openPostgres(url: string, schema: string | undefined): Promise<DatabaseHandle> {
  const safeUrl = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new DatabaseOpenError(
      `Cannot connect to PostgreSQL at ${safeUrl} (DATABASE_URL): ${(error as Error).message}`,
      { cause: error },
    );
  }
  return {
    db,
    dialect: 'postgres',
    location: safeUrl,
    close: async () => {
      await db.destroy();
    },
  };
}

/** Hides the password of a connection URL for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
