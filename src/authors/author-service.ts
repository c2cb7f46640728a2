import type { AuditActor, AuditLog } from '../audit/index.js';
import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { toAuthor } from './author.js';
import type { Author } from './author.js';
import { authorErrors } from './author-errors.js';
import { authorChangeSchema, newAuthorSchema, parseAuthorInput } from './author-schemas.js';
import type { AuthorChangeInput, NewAuthorInput } from './author-schemas.js';
import type { AuthorStore } from './author-store.js';

/** Who makes a change, and the audit log it is recorded in. */
export interface AuthorChangeContext {
  actor: AuditActor;
  audit: Pick<AuditLog, 'record'>;
}

/** Reads and edits authors. Every change runs in one transaction and is then audit-logged. */
export function createAuthorService(deps: { store: AuthorStore; clock: Clock }) {
  const { store, clock } = deps;
  const record = (change: AuthorChangeContext, action: string, id: number, details: Record<string, unknown>) =>
    change.audit.record({ actor: change.actor, action, objectType: 'author', objectId: id, details });

  return {
    async listAuthors(): Promise<Author[]> {
      return (await store.listAll()).map(toAuthor);
    },

    /** Every author with the number of articles carrying their byline. */
    async listAuthorsWithArticleCounts(): Promise<{ author: Author; articleCount: number }[]> {
      const [rows, counts] = await Promise.all([store.listAll(), store.articleCounts()]);
      return rows.map((row) => ({ author: toAuthor(row), articleCount: counts.get(row.id) ?? 0 }));
    },

    async findAuthor(slug: string): Promise<Author | undefined> {
      const row = await store.findBySlug(slug);
      return row ? toAuthor(row) : undefined;
    },

    /** The author with this id; AUTHOR_NOT_FOUND when there is none. */
    async getAuthor(id: number): Promise<Author> {
      const row = await store.findById(id);
      if (!row) throw authorErrors.notFound(id);
      return toAuthor(row);
    },

    /** Adds an author; refuses bad fields (AUTHOR_INVALID, AUTHOR_SLUG_INVALID) and a taken slug. */
    async createAuthor(input: NewAuthorInput, change?: AuthorChangeContext): Promise<Author> {
      const data = parseAuthorInput(newAuthorSchema, input);
      const author = await store.transaction(async (queries) => {
        if (await queries.findBySlug(data.slug)) throw authorErrors.slugTaken(data.slug);
        return toAuthor(await queries.insert({ slug: data.slug, name: data.name, bio: data.bio ?? '', photoUrl: data.photoUrl ?? null, now: nowIso(clock) }));
      });
      if (change) await record(change, 'author.create', author.id, { slug: author.slug, name: author.name });
      return author;
    },

    /** Changes name, slug, bio or photo URL. A new slug moves the author page; the old URL stops answering. */
    async updateAuthor(id: number, input: AuthorChangeInput, change: AuthorChangeContext): Promise<Author> {
      const data = parseAuthorInput(authorChangeSchema, input);
      const { before, after } = await store.transaction(async (queries) => {
        const current = await queries.findById(id);
        if (!current) throw authorErrors.notFound(id);
        if (data.slug !== undefined && data.slug !== current.slug && (await queries.findBySlug(data.slug))) throw authorErrors.slugTaken(data.slug);
        return { before: toAuthor(current), after: toAuthor(await queries.update(id, data, nowIso(clock))) };
      });
      const changed = (['slug', 'name', 'bio', 'photoUrl'] as const).filter((field) => before[field] !== after[field]);
      await record(change, 'author.update', id, {
        changed: changed.map((field) => (field === 'photoUrl' ? 'photo_url' : field)),
        ...(before.slug !== after.slug ? { old_slug: before.slug, new_slug: after.slug } : {}),
      });
      return after;
    },

    /** Deletes an author without bylines; AUTHOR_HAS_ARTICLES (409, with the count) otherwise. */
    async deleteAuthor(id: number, change: AuthorChangeContext): Promise<Author> {
      const deleted = await store.transaction(async (queries) => {
        const current = await queries.findById(id);
        if (!current) throw authorErrors.notFound(id);
        const articleCount = await queries.countArticles(id);
        if (articleCount > 0) throw authorErrors.hasArticles(current.name, articleCount);
        await queries.delete(id);
        return toAuthor(current);
      });
      await record(change, 'author.delete', id, { slug: deleted.slug, name: deleted.name });
      return deleted;
    },
  };
}

export type AuthorService = ReturnType<typeof createAuthorService>;
