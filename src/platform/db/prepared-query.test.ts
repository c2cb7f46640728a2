import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { availableDialects, createTestDatabase } from '../../../test/support/test-databases.js';
import { preparedQuery } from './prepared-query.js';
import type { Database } from './tables.js';

const dialects = await availableDialects();

describe.each(dialects)('preparedQuery on %s', (dialect) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Kysely<Database>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    const names = ['Rivers', 'Roads', 'Schools', 'Budget', 'Weather', 'Elections'];
    await db.insertInto('tags').values(names.map((name) => ({ name, slug: name.toLowerCase(), created_at: '2026-11-01T00:00:00.000Z' }))).execute();
  });
  afterAll(async () => database?.close());

  it('answers as the same query built afresh, for every argument, while building it once', async () => {
    let builds = 0;
    const byPrefix = preparedQuery((db: Kysely<Database>, prefix: string, limit: number) => {
      builds++;
      return db.selectFrom('tags').select(['name', 'slug']).where('slug', 'like', prefix).where('name', '!=', 'Roads').orderBy('slug').limit(limit);
    });
    for (const [prefix, limit] of [['r%', 10], ['s%', 1], ['%', 3], ['nothing%', 5]] as const) {
      const direct = await db.selectFrom('tags').select(['name', 'slug']).where('slug', 'like', prefix).where('name', '!=', 'Roads').orderBy('slug').limit(limit).execute();
      expect(await byPrefix(db, prefix, limit)).toEqual(direct);
    }
    expect(builds).toBe(1);
  });

  it('keeps one SQL text per length of an array argument (in-lists)', async () => {
    let builds = 0;
    const bySlugs = preparedQuery((db: Kysely<Database>, slugs: string[]) => {
      builds++;
      return db.selectFrom('tags').select('name').where('slug', 'in', slugs).orderBy('name');
    });
    expect((await bySlugs(db, ['rivers'])).map((r) => r.name)).toEqual(['Rivers']);
    expect((await bySlugs(db, ['weather', 'budget'])).map((r) => r.name)).toEqual(['Budget', 'Weather']);
    expect((await bySlugs(db, ['roads', 'schools'])).map((r) => r.name)).toEqual(['Roads', 'Schools']);
    expect((await bySlugs(db, ['elections'])).map((r) => r.name)).toEqual(['Elections']);
    expect(builds).toBe(2);
  });

  it('compiles long lists per call without keeping them (a sitemap month of ids)', async () => {
    let builds = 0;
    const bySlugs = preparedQuery((db: Kysely<Database>, slugs: string[]) => {
      builds++;
      return db.selectFrom('tags').select('name').where('slug', 'in', slugs).orderBy('name');
    });
    const many = ['rivers', ...Array.from({ length: 150 }, (_, i) => `none-${i}`)];
    expect((await bySlugs(db, many)).map((r) => r.name)).toEqual(['Rivers']);
    expect((await bySlugs(db, many)).map((r) => r.name)).toEqual(['Rivers']);
    expect(builds).toBe(2);
  });

  it('runs inside a transaction, on the transaction', async () => {
    const countOf = preparedQuery((db: Kysely<Database>, slug: string) => db.selectFrom('tags').select((eb) => eb.fn.countAll<number | string>().as('n')).where('slug', '=', slug));
    await db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('tags').values({ name: 'Harvest', slug: 'harvest', created_at: '2026-11-01T00:00:00.000Z' }).execute();
        expect(Number((await countOf(trx, 'harvest'))[0]!.n)).toBe(1);
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(Number((await countOf(db, 'harvest'))[0]!.n)).toBe(0);
  });

  it('refuses a builder that branches on an argument instead of using it as a value', async () => {
    const sorted = preparedQuery((db: Kysely<Database>, newestFirst: boolean) => db.selectFrom('tags').select('name').orderBy('id', newestFirst ? 'desc' : 'asc'));
    await expect(sorted(db, true)).rejects.toThrow(/argument 1 is not used as a value/);
  });
});
