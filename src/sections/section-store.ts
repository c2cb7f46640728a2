import type { Kysely } from 'kysely';
import type { Database, SectionRow } from '../platform/db/tables.js';

/** All SQL for sections. */
export function createSectionStore(db: Kysely<Database>) {
  return {
    /** Every section, parents before children, siblings in their editorial order. */
    async listAll(): Promise<SectionRow[]> {
      return db.selectFrom('sections').selectAll().orderBy('parent_id').orderBy('position').orderBy('id').execute();
    },

    async insert(input: { parentId: number | null; slug: string; path: string; name: string; description: string; position: number; now: string }): Promise<SectionRow> {
      return db
        .insertInto('sections')
        .values({
          parent_id: input.parentId,
          slug: input.slug,
          path: input.path,
          name: input.name,
          description: input.description,
          position: input.position,
          created_at: input.now,
          updated_at: input.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async findByPath(path: string): Promise<SectionRow | undefined> {
      return db.selectFrom('sections').selectAll().where('path', '=', path).executeTakeFirst();
    },
  };
}

export type SectionStore = ReturnType<typeof createSectionStore>;
