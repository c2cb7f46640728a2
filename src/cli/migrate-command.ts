import { loadConfig } from '../config/load-config.js';
import { createDatabase } from '../platform/db/create-db.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import { reportStartupError } from './cli-errors.js';

export const migrateHelp = `Usage: broadsheet migrate

Brings the database schema (SQLite in DATA_DIR, or PostgreSQL at DATABASE_URL) up to date.
Safe to run again: applied migrations are skipped. \`serve\` also migrates on start.`;

export async function runMigrate(): Promise<number> {
  try {
    const config = loadConfig({ env: process.env });
    const database = await createDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
    try {
      const applied = await migrateToLatest(database.db);
      console.log(applied.length > 0 ? `Applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}`).join('\n')}` : 'The schema is up to date.');
      return 0;
    } finally {
      await database.close();
    }
  } catch (error) {
    return reportStartupError(error);
  }
}
