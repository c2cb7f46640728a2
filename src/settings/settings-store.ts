import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/tables.js';

/** All SQL for settings: one JSON value per key. */
export function createSettingsStore(db: Kysely<Database>) {
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

export type SettingsStore = ReturnType<typeof createSettingsStore>;
