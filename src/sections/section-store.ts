import type { Kysely } from 'kysely';
import type { Database, SectionRow } from '../platform/db/tables.js';

/** All SQL for sections. `transaction` runs several of these statements atomically. */
export function createSectionStore(db: Kysely<Database>) {
  return {
    ...sectionQueries(db),
    /** Runs `work` in one transaction; the queries it receives see and change only that transaction. */
    async transaction<T>(work: (queries: SectionQueries) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => work(sectionQueries(trx)));
    },
  };
}

export type SectionStore = ReturnType<typeof createSectionStore>;
export type SectionQueries = ReturnType<typeof sectionQueries>;

/** Fields an update may change; `now` stamps `updated_at`. */
export interface SectionRowChange {
  parentId?: number | null;
  slug?: string;
  path?: string;
  name?: string;
  description?: string;
  position?: number;
}

function sectionQueries(db: Kysely<Database>) {
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

    async findById(id: number): Promise<SectionRow | undefined> {
      return db.selectFrom('sections').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** One more than the highest position among the children of `parentId` (0 when it has none). */
    async nextPosition(parentId: number | null): Promise<number> {
      const row = await db
        .selectFrom('sections')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('parent_id', parentId === null ? 'is' : '=', parentId)
        .executeTakeFirst();
      return row?.max === null || row?.max === undefined ? 0 : Number(row.max) + 1;
    },

    async update(id: number, change: SectionRowChange, now: string): Promise<void> {
      await db
        .updateTable('sections')
        .set({
          ...(change.parentId !== undefined ? { parent_id: change.parentId } : {}),
          ...(change.slug !== undefined ? { slug: change.slug } : {}),
          ...(change.path !== undefined ? { path: change.path } : {}),
          ...(change.name !== undefined ? { name: change.name } : {}),
          ...(change.description !== undefined ? { description: change.description } : {}),
          ...(change.position !== undefined ? { position: change.position } : {}),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
    },

    /** Gives each listed section its position in the list (0, 1, 2…). */
    async setPositions(orderedIds: number[], now: string): Promise<void> {
      for (const [position, id] of orderedIds.entries()) {
        await db.updateTable('sections').set({ position, updated_at: now }).where('id', '=', id).execute();
      }
    },

    /** How many distinct articles (any status) have one of `sectionIds` as primary or secondary section. */
    async countArticles(sectionIds: number[]): Promise<number> {
      if (sectionIds.length === 0) return 0;
      const row = await db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll().as('count'))
        .where((eb) =>
          eb.or([
            eb('primary_section_id', 'in', sectionIds),
            eb('id', 'in', eb.selectFrom('article_sections').select('article_id').where('section_id', 'in', sectionIds)),
          ]),
        )
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** Articles placed directly in each section (primary or secondary), by section id. */
    async articleCounts(): Promise<Map<number, number>> {
      const placements = db
        .selectFrom('articles')
        .select(['primary_section_id as section_id', 'id as article_id'])
        .union(db.selectFrom('article_sections').select(['section_id', 'article_id']))
        .as('placements');
      const rows = await db
        .selectFrom(placements)
        .select((eb) => ['placements.section_id', eb.fn.count('placements.article_id').distinct().as('count')])
        .groupBy('placements.section_id')
        .execute();
      return new Map(rows.map((row) => [row.section_id, Number(row.count)]));
    },

    async delete(id: number): Promise<void> {
      await db.deleteFrom('sections').where('id', '=', id).execute();
    },
  };
}
