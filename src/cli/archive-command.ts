import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAppServices } from '../app-services.js';
import type { AppServices } from '../app-services.js';
import { openDatabase } from '../app.js';
import { systemClock } from '../platform/clock.js';
import { createArchiveService, createArchiveStore } from '../archive/index.js';
import type { ArchiveManifest } from '../archive/index.js';
import { loadConfig } from '../config/load-config.js';
import { reportStartupError } from './cli-errors.js';
import type { ImportKind } from './import-command.js';

export const exportHelp = `Usage: broadsheet export <file> [--with-password-hashes]

Writes the whole publication into one .tar.gz file: a manifest (format version, row counts),
every database table as JSON lines (found by inspecting the database, so every feature's tables
are included) and the media files under DATA_DIR/media. Sessions, editing locks, one-time
tokens and raw trending counts are left out. Staff accounts are exported without their password
hashes (and without personal API tokens) unless --with-password-hashes is given; restored
accounts then set a password with "broadsheet user reset-password".`;

const importArchiveHelp = `Usage: broadsheet import archive <file>

Restores a file made by "broadsheet export" into an EMPTY instance (a new DATA_DIR and/or
database): same ids, same pages and API answers; the search index is rebuilt afterwards. Refuses a non-empty instance, an archive of
another format version, and a truncated or corrupt file; nothing is written unless everything is.`;

function summary(manifest: ArchiveManifest): string {
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  return `${Object.keys(manifest.tables).length} tables, ${rows} rows, ${manifest.media.files} media files (${manifest.media.bytes} bytes)`;
}

async function withArchive<T>(work: (service: ReturnType<typeof createArchiveService>, services: AppServices) => Promise<T>): Promise<T> {
  const config = loadConfig({ env: process.env });
  const database = await openDatabase(config);
  try {
    const services = createAppServices({ db: database.db, clock: systemClock });
    return await work(createArchiveService({ store: createArchiveStore(database.db, database.dialect), dialect: database.dialect, mediaDir: join(config.DATA_DIR, 'media'), now: () => new Date() }), services);
  } finally {
    await database.close();
  }
}

/**
 * Rebuilds what an archive leaves out because it is derived from the stories: the full-text
 * search index (SQLite's FTS5 tables are not data, and a PostgreSQL instance restored from a
 * SQLite archive has none). Related lists, topics and everything else are archived rows.
 */
export async function rebuildAfterRestore(services: Pick<AppServices, 'search'>): Promise<string> {
  const result = await services.search.reindexAll();
  return `${result.indexed} stories indexed for search`;
}

/** Runs `broadsheet export <file>`; resolves to the exit code. */
export async function runExport(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { 'with-password-hashes': { type: 'boolean' } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${exportHelp}`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) {
    console.error(exportHelp);
    return 2;
  }
  try {
    const manifest = await withArchive((archive) => archive.exportArchive(file, { withPasswordHashes: parsed.values['with-password-hashes'] === true }));
    console.log(`Exported ${summary(manifest)} to ${file}${manifest.withPasswordHashes ? ' (with password hashes)' : ''}.`);
    return 0;
  } catch (error) {
    return reportStartupError(error);
  }
}

export const archiveImportKind: ImportKind = {
  summary: 'a whole-publication archive made by "broadsheet export" (empty instance only)',
  help: importArchiveHelp,
  async run(argv) {
    const [file, ...extra] = argv;
    if (!file || extra.length > 0 || file.startsWith('-')) {
      console.error(importArchiveHelp);
      return 2;
    }
    try {
      const { manifest, rebuilt } = await withArchive(async (archive, services) => {
        const restored = await archive.importArchive(file);
        return { manifest: restored, rebuilt: await rebuildAfterRestore(services) };
      });
      console.log(`Restored ${summary(manifest)} from ${file}; ${rebuilt}.`);
      if (!manifest.withPasswordHashes) console.log('Staff accounts have no passwords yet: set them with "broadsheet user reset-password --email …".');
      return 0;
    } catch (error) {
      return reportStartupError(error);
    }
  },
};
