import { createQueryId } from 'kysely';
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from './tables.js';

/**
 * A query built and compiled to SQL once per database handle; each call only fills in its
 * parameters.
 *
 * Building a Kysely query (parsing references, freezing operation nodes) and compiling it to SQL
 * costs about as much as running a small indexed SQLite query: on an uncached article page, 18
 * statements spent 0.6 ms there. The builder is called once with stand-ins for its arguments; the
 * stand-ins come out of the compiler as parameters, and later calls put the real values in their
 * places. An array argument (for `in (…)` lists) is a list of stand-ins, so the SQL is kept per
 * length of each array.
 *
 * The builder must use its arguments only as values: branching on one (`sort === 'newest' ? …`)
 * or writing one into SQL text would freeze that choice. Such a builder fails at its first call
 * ("argument n is not used as a value"), since a stand-in that does not come out as a parameter
 * is one the SQL did not take as a value; make one prepared query per variant instead.
 */
/** Longer lists are compiled per call and not kept: a sitemap month's thousands of ids would
 *  each keep an SQL text of their own length. */
const MAX_KEPT_LIST = 100;
/** SQL texts kept per query and database handle, at most (one per list length in practice). */
const MAX_KEPT_SHAPES = 128;

export function preparedQuery<A extends unknown[], O>(
  build: (db: Kysely<Database>, ...args: A) => { compile(): CompiledQuery<O> },
): (db: Kysely<Database>, ...args: A) => Promise<O[]> {
  const compiled = new WeakMap<Kysely<Database>, Map<string, Template<O>>>();
  return async (db, ...args) => {
    const shape = shapeOf(args);
    let byShape = compiled.get(db);
    if (!byShape) compiled.set(db, (byShape = new Map()));
    let template = shape === undefined ? undefined : byShape.get(shape);
    if (!template) {
      template = compileTemplate(build, db, args);
      if (shape !== undefined && byShape.size < MAX_KEPT_SHAPES) byShape.set(shape, template);
    }
    const parameters = template.parameters.map((p) => (p instanceof StandIn ? (p.item < 0 ? args[p.arg] : (args[p.arg] as unknown[])[p.item]) : p));
    const result = await db.executeQuery<O>({ query: template.query, queryId: createQueryId(), sql: template.sql, parameters });
    return result.rows;
  };
}

interface Template<O> {
  sql: string;
  query: CompiledQuery<O>['query'];
  parameters: unknown[];
}

/** Takes the place of argument `arg` (element `item` of it when it is an array) while compiling. */
class StandIn {
  constructor(
    readonly arg: number,
    readonly item: number,
  ) {}
}

/** The lengths of the array arguments, as a key; undefined when a list is too long to keep. */
function shapeOf(args: unknown[]): string | undefined {
  let shape = '';
  for (const arg of args) {
    if (!Array.isArray(arg)) shape += '.,';
    else if (arg.length > MAX_KEPT_LIST) return undefined;
    else shape += `${arg.length},`;
  }
  return shape;
}

function compileTemplate<A extends unknown[], O>(build: (db: Kysely<Database>, ...args: A) => { compile(): CompiledQuery<O> }, db: Kysely<Database>, args: A): Template<O> {
  const standIns = args.map((arg, i) => (Array.isArray(arg) ? arg.map((_, item) => new StandIn(i, item)) : new StandIn(i, -1))) as unknown as A;
  const query = build(db, ...standIns).compile();
  const used = new Set(query.parameters.filter((p): p is StandIn => p instanceof StandIn).map((p) => `${p.arg}:${p.item}`));
  standIns.forEach((standIn, i) => {
    const expected = Array.isArray(standIn) ? standIn.map((s: StandIn) => `${i}:${s.item}`) : [`${i}:-1`];
    if (!expected.every((key) => used.has(key))) throw new Error(`preparedQuery: argument ${i + 1} is not used as a value in the SQL (${query.sql}); make one prepared query per variant`);
  });
  return { sql: query.sql, query: query.query, parameters: [...query.parameters] };
}
