import type { Kysely } from 'kysely';
import type { Database, PageRow } from '../platform/db/tables.js';

/** All SQL for static pages. */
export function createPageStore(db: Kysely<Database>) {
  return {
    async listPublished(): Promise<PageRow[]> {
      return db.selectFrom('pages').selectAll().where('status', '=', 'published').orderBy('title').execute();
    },
    async findBySlug(slug: string): Promise<PageRow | undefined> {
      return db.selectFrom('pages').selectAll().where('slug', '=', slug).executeTakeFirst();
    },
    async insert(input: { slug: string; title: string; bodyJson: string; status: 'draft' | 'published'; now: string }): Promise<PageRow> {
      return db
        .insertInto('pages')
        .values({ slug: input.slug, title: input.title, body_json: input.bodyJson, status: input.status, published_at: input.status === 'published' ? input.now : null, updated_at: input.now, created_at: input.now })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
  };
}

export type PageStore = ReturnType<typeof createPageStore>;
