import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { AppError } from '../platform/errors/app-error.js';
import type { ArchiveStore, Row, TableInfo } from './archive-store.js';

/** The archive layout version; an importer refuses any other. */
export const ARCHIVE_FORMAT = 'broadsheet-archive';
export const ARCHIVE_FORMAT_VERSION = 1;

/**
 * Tables never archived: state that is only meaningful in the running instance, or secrets that
 * grant access. Other features' tables are found by introspection and included automatically;
 * a table belongs here only when restoring it would be wrong.
 *  - kysely_migration, kysely_migration_lock: the target has its own, made by `migrate`.
 *  - sessions, reader_sessions (and any table named *_sessions): signed-in browsers.
 *  - one_time_tokens (invitations, password resets), reader_login_tokens: single-use secrets.
 *  - article_locks (and any *_locks): editing locks held by people in the old instance.
 *  - trending_events, trending_raw, trending_hits: raw view counts the trending index rolls up.
 */
export const SKIPPED_TABLES = ['kysely_migration', 'kysely_migration_lock', 'sessions', 'reader_sessions', 'one_time_tokens', 'reader_login_tokens', 'article_locks', 'trending_events', 'trending_raw', 'trending_hits'] as const;
const SKIPPED_PATTERN = /(^|_)(sessions|locks)$/;
/** Credentials kept only with `withPasswordHashes`: users.password_hash, and personal API tokens. */
const CREDENTIAL_TABLES = ['api_tokens'];

export function isSkippedTable(name: string): boolean {
  return (SKIPPED_TABLES as readonly string[]).includes(name) || SKIPPED_PATTERN.test(name);
}

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: number;
  createdAt: string;
  sourceDialect: string;
  withPasswordHashes: boolean;
  /** Rows per archived table. */
  tables: Record<string, number>;
  media: { files: number; bytes: number };
}

export const archiveErrors = {
  corrupt: (detail: string) => new AppError({ code: 'ARCHIVE_CORRUPT', status: 400, title: 'The archive cannot be read', detail }),
  wrongVersion: (found: unknown) =>
    new AppError({ code: 'ARCHIVE_VERSION_UNSUPPORTED', status: 400, title: 'Unsupported archive version', detail: `This Broadsheet reads archive format version ${ARCHIVE_FORMAT_VERSION}; the file is version ${JSON.stringify(found)}.` }),
  notEmpty: (what: string) =>
    new AppError({ code: 'ARCHIVE_TARGET_NOT_EMPTY', status: 409, title: 'The instance is not empty', detail: `An archive is restored only into an empty instance, and this one already has ${what}. Use a new DATA_DIR / database.` }),
  schemaMismatch: (detail: string) => new AppError({ code: 'ARCHIVE_SCHEMA_MISMATCH', status: 409, title: 'The archive does not fit this schema', detail }),
};

interface Deps {
  store: ArchiveStore;
  dialect: string;
  /** DATA_DIR/media: uploaded and drawn images. */
  mediaDir: string;
  now: () => Date;
}

function listMedia(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => name.split(sep).join('/'))
    .sort();
}

/** JSON for a row: byte columns as {"$base64": …}, dates as ISO strings. */
function encodeRow(row: Row): string {
  return JSON.stringify(row, (_key, value: unknown) => {
    if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) return { $base64: Buffer.from((value as { data: number[] }).data).toString('base64') };
    return value;
  });
}

/** A value as the target column wants it (booleans and integers differ between the dialects). */
function coerce(value: unknown, type: string): unknown {
  if (value && typeof value === 'object' && '$base64' in value) return Buffer.from(String((value as { $base64: string }).$base64), 'base64');
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value === true || value === 1 || value === '1' || value === 't' || value === 'true';
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (/^(integer|bigint|smallint|int)/.test(type) && typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  if (typeof value === 'object' && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}

/** Tables ordered so every table comes after the ones its foreign keys point to. */
export function foreignKeyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const ordered: TableInfo[] = [];
  const visit = (table: TableInfo, path: Set<string>) => {
    if (done.has(table.name) || path.has(table.name)) return;
    path.add(table.name);
    for (const fk of table.foreignKeys) {
      const target = byName.get(fk.table);
      if (target && target.name !== table.name) visit(target, path);
    }
    done.add(table.name);
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(table, new Set());
  return ordered;
}

/** Rows of a self-referencing table (e.g. sections.parent_id) with every parent before its children. */
function parentsFirst(table: TableInfo, rows: Row[]): Row[] {
  const selfRefs = table.foreignKeys.filter((fk) => fk.table === table.name);
  if (selfRefs.length === 0) return rows;
  const placed = new Set<unknown>();
  const out: Row[] = [];
  let pending = rows;
  while (pending.length > 0) {
    const next: Row[] = [];
    for (const row of pending) {
      const ready = selfRefs.every((fk) => row[fk.column] === null || row[fk.column] === undefined || placed.has(row[fk.column]) || row[fk.column] === row[fk.refColumn]);
      if (ready) {
        out.push(row);
        for (const fk of selfRefs) placed.add(row[fk.refColumn]);
      } else next.push(row);
    }
    if (next.length === pending.length) return [...out, ...next]; // a cycle or a dangling parent: let the database judge
    pending = next;
  }
  return out;
}

/** Writes and restores whole-publication archives (.tar.gz: manifest, one JSONL file per table, media). */
export function createArchiveService(deps: Deps) {
  const { store, mediaDir } = deps;

  return {
    async exportArchive(file: string, options: { withPasswordHashes: boolean }): Promise<ArchiveManifest> {
      const tables = (await store.listTables()).filter((t) => !isSkippedTable(t.name) && (options.withPasswordHashes || !CREDENTIAL_TABLES.includes(t.name)));
      const media = listMedia(mediaDir);
      const manifest: ArchiveManifest = {
        format: ARCHIVE_FORMAT,
        formatVersion: ARCHIVE_FORMAT_VERSION,
        createdAt: deps.now().toISOString(),
        sourceDialect: deps.dialect,
        withPasswordHashes: options.withPasswordHashes,
        tables: {},
        media: { files: media.length, bytes: media.reduce((sum, name) => sum + statSync(join(mediaDir, name)).size, 0) },
      };
      // Read every table first so the manifest (the first entry) can carry the counts.
      const tableFiles: { name: string; body: Buffer }[] = [];
      for (const table of tables) {
        const lines: string[] = [];
        for await (const rows of store.readRows(table)) {
          for (const row of rows) {
            if (table.name === 'users' && !options.withPasswordHashes && 'password_hash' in row) row.password_hash = null;
            lines.push(encodeRow(row));
          }
        }
        manifest.tables[table.name] = lines.length;
        tableFiles.push({ name: `tables/${table.name}.jsonl`, body: Buffer.from(lines.length > 0 ? `${lines.join('\n')}\n` : '', 'utf8') });
      }
      mkdirSync(dirname(file), { recursive: true });
      const pack = tar.pack();
      const temp = `${file}.partial`;
      const written = pipeline(pack, createGzip(), createWriteStream(temp));
      const add = (name: string, body: Buffer) =>
        new Promise<void>((resolve, reject) => {
          pack.entry({ name, size: body.length, mtime: new Date(0) }, body, (error) => (error ? reject(error) : resolve()));
        });
      await add('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
      for (const entry of tableFiles) await add(entry.name, entry.body);
      for (const name of media) await add(`media/${name}`, readFileSync(join(mediaDir, name)));
      pack.finalize();
      await written;
      renameSync(temp, file);
      return manifest;
    },

    /**
     * Restores an archive into this (empty) instance in one transaction: on any problem (a
     * truncated or corrupt file, a wrong version, rows that do not fit) nothing is written.
     * Media files are unpacked to a temporary folder and moved into place after the commit.
     */
    async importArchive(file: string): Promise<ArchiveManifest> {
      const target = await store.listTables();
      for (const table of target.filter((t) => !isSkippedTable(t.name))) {
        const count = await store.countRows(table.name);
        if (count > 0) throw archiveErrors.notEmpty(`${count} row(s) in ${table.name}`);
      }
      if (listMedia(mediaDir).length > 0) throw archiveErrors.notEmpty(`files in ${mediaDir}`);

      const staging = join(dirname(mediaDir), `.archive-import-${process.pid}-${Date.now()}`);
      try {
        const { manifest, tables } = await readArchive(file, staging);
        const byName = new Map(target.map((t) => [t.name, t]));
        for (const [name, count] of Object.entries(manifest.tables)) {
          const info = byName.get(name);
          if (!info) throw archiveErrors.schemaMismatch(`The archive has a table "${name}" this instance does not have; upgrade Broadsheet first.`);
          const rows = tables.get(name) ?? [];
          if (rows.length !== count) throw archiveErrors.corrupt(`tables/${name}.jsonl holds ${rows.length} row(s); the manifest says ${count}.`);
          const known = new Set(info.columns.map((c) => c.name));
          const unknown = rows.flatMap((r) => Object.keys(r)).find((c) => !known.has(c));
          if (unknown) throw archiveErrors.schemaMismatch(`Column "${name}.${unknown}" of the archive does not exist here; upgrade Broadsheet first.`);
        }
        for (const name of tables.keys()) if (!(name in manifest.tables)) throw archiveErrors.corrupt(`tables/${name}.jsonl is not listed in the manifest.`);
        const mediaFiles = listMedia(staging);
        if (mediaFiles.length !== manifest.media.files) throw archiveErrors.corrupt(`The archive holds ${mediaFiles.length} media file(s); the manifest says ${manifest.media.files}.`);

        await store.restore(async (tx) => {
          for (const info of foreignKeyOrder(await tx.tables())) {
            const rows = tables.get(info.name);
            if (!rows || rows.length === 0) continue;
            const types = new Map(info.columns.map((c) => [c.name, c.type]));
            const converted = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, coerce(v, types.get(k) ?? 'text')])));
            await tx.insert(info, parentsFirst(info, converted));
          }
        });
        mkdirSync(mediaDir, { recursive: true });
        for (const name of mediaFiles) {
          mkdirSync(dirname(join(mediaDir, name)), { recursive: true });
          renameSync(join(staging, name), join(mediaDir, name));
        }
        return manifest;
      } finally {
        rmSync(staging, { recursive: true, force: true });
      }
    },
  };
}

/** Reads the whole archive: the manifest (checked first), table rows, and media into `staging`. */
async function readArchive(file: string, staging: string): Promise<{ manifest: ArchiveManifest; tables: Map<string, Row[]> }> {
  if (!existsSync(file)) throw archiveErrors.corrupt(`There is no file ${file}.`);
  let manifest: ArchiveManifest | undefined;
  const tables = new Map<string, Row[]>();
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    stream.on('error', next);
    stream.on('end', () => {
      try {
        const body = Buffer.concat(chunks);
        const name = header.name;
        if (name === 'manifest.json') {
          manifest = parseManifest(body);
        } else if (!manifest) {
          throw archiveErrors.corrupt('The archive does not start with manifest.json.');
        } else if (/^tables\/[a-z0-9_]+\.jsonl$/.test(name)) {
          const lines = body.toString('utf8').split('\n').filter((line) => line !== '');
          tables.set(
            name.slice('tables/'.length, -'.jsonl'.length),
            lines.map((line, i) => {
              try {
                return JSON.parse(line) as Row;
              } catch {
                throw archiveErrors.corrupt(`${name} line ${i + 1} is not JSON.`);
              }
            }),
          );
        } else if (name.startsWith('media/') && header.type === 'file') {
          const path = name.slice('media/'.length);
          if (path === '' || path.split('/').some((part) => part === '..' || part === '') || path.startsWith('/')) throw archiveErrors.corrupt(`Refusing media path "${name}".`);
          const out = join(staging, path);
          if (relative(staging, out).startsWith('..')) throw archiveErrors.corrupt(`Refusing media path "${name}".`);
          mkdirSync(dirname(out), { recursive: true });
          writeFileSync(out, body);
        } else if (header.type === 'file') {
          throw archiveErrors.corrupt(`Unexpected entry "${name}" in the archive.`);
        }
        next();
      } catch (error) {
        next(error as Error);
      }
    });
  });
  try {
    await pipeline(createReadStream(file), createGunzip(), extract);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw archiveErrors.corrupt(`${file} is truncated or not a Broadsheet archive (.tar.gz): ${(error as Error).message}`);
  }
  if (!manifest) throw archiveErrors.corrupt('The archive has no manifest.json.');
  return { manifest, tables };
}

function parseManifest(body: Buffer): ArchiveManifest {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw archiveErrors.corrupt('manifest.json is not JSON.');
  }
  const manifest = value as Partial<ArchiveManifest> | null;
  if (!manifest || manifest.format !== ARCHIVE_FORMAT) throw archiveErrors.corrupt('manifest.json does not describe a Broadsheet archive.');
  if (manifest.formatVersion !== ARCHIVE_FORMAT_VERSION) throw archiveErrors.wrongVersion(manifest.formatVersion);
  if (!manifest.tables || typeof manifest.tables !== 'object' || !manifest.media || typeof manifest.media.files !== 'number') throw archiveErrors.corrupt('manifest.json lacks its table or media counts.');
  return manifest as ArchiveManifest;
}
