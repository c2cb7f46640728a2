import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/tables.js';

/** All SQL for settings: one JSON value per key. `transaction` runs several statements atomically. */
export function createSettingsStore(db: Kysely<Database>) {
  return {
    ...settingsQueries(db),
    /** Runs `work` in one transaction; the queries it receives see and change only that transaction. */
    async transaction<T>(work: (queries: SettingsQueries) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => work(settingsQueries(trx)));
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
export type SettingsQueries = ReturnType<typeof settingsQueries>;

function settingsQueries(db: Kysely<Database>) {
  return {
    async read(key: string): Promise<unknown> {
      const row = await db.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst();
      return row ? (JSON.parse(row.value_json) as unknown) : undefined;
    },
    async write(key: string, value: unknown, now: string): Promise<void> {
      const valueJson = JSON.stringify(value);
      await db
        .insertInto('settings')
        .values({ key, value_json: valueJson, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: valueJson, updated_at: now }))
        .execute();
    },
  };
}
