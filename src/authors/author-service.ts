import { nowIso } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors/app-error.js';
import { SLUG_PATTERN } from '../platform/slug.js';
import { toAuthor } from './author.js';
import type { Author } from './author.js';
import type { AuthorStore } from './author-store.js';

/** Reads and adds authors. */
export function createAuthorService(deps: { store: AuthorStore; clock: Clock }) {
  const { store, clock } = deps;
  return {
    async listAuthors(): Promise<Author[]> {
      return (await store.listAll()).map(toAuthor);
    },
    async findAuthor(slug: string): Promise<Author | undefined> {
      const row = await store.findBySlug(slug);
      return row ? toAuthor(row) : undefined;
    },
    async createAuthor(input: { slug: string; name: string; bio?: string; photoUrl?: string | null }): Promise<Author> {
      if (!SLUG_PATTERN.test(input.slug)) {
        throw new AppError({ code: 'AUTHOR_SLUG_INVALID', status: 400, title: 'Invalid author slug', detail: `Author slug "${input.slug}" must be lowercase letters and digits joined by hyphens.` });
      }
      if (await store.findBySlug(input.slug)) {
        throw new AppError({ code: 'AUTHOR_SLUG_TAKEN', status: 409, title: 'Author slug taken', detail: `An author with slug "${input.slug}" already exists.` });
      }
      return toAuthor(await store.insert({ slug: input.slug, name: input.name, bio: input.bio ?? '', photoUrl: input.photoUrl ?? null, now: nowIso(clock) }));
    },
  };
}

export type AuthorService = ReturnType<typeof createAuthorService>;
