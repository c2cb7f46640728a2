import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../platform/db/tables.js';
import type { SearchFilter, SearchIndex, SearchIndexHit } from './search-index.js';
import type { SearchTerms } from './search-query.js';
import { candidateCountFor, pageFromCandidates } from './search-candidates.js';

/** Candidates the RUM index ranks on its own before visibility and filters are checked. */
const CANDIDATES_MIN = 100;
const CANDIDATES_PER_RESULT = 4;

/** How matches are ranked: by the RUM index's distance when it exists, else ts_rank_cd over every match. */
export type PostgresRanking = 'rum' | 'ts_rank_cd';

export interface PostgresSearchOptions {
  candidatesMin?: number;
  candidatesPerResult?: number;
  /** Default: 'rum' when search_documents has a RUM index (see the 2026-11-29 migration), else 'ts_rank_cd'. */
  ranking?: PostgresRanking;
}

/** ts_headline options: match markers U+0002/U+0003 (escaped to <mark> later). */
const HEADLINE_OPTIONS = sql`concat('StartSel=', chr(2), ', StopSel=', chr(3), ', HighlightAll=true')`;
const SNIPPET_OPTIONS = sql`concat('StartSel=', chr(2), ', StopSel=', chr(3), ', MaxWords=32, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "')`;

/**
 * The tsquery: plainto_tsquery for the words, phraseto_tsquery per phrase, joined with &&.
 * Both functions take plain text as a bound parameter, never tsquery syntax.
 */
export function tsQuery(terms: SearchTerms): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (terms.terms.length > 0) parts.push(sql`plainto_tsquery('english', ${terms.terms.join(' ')})`);
  for (const phrase of terms.phrases) parts.push(sql`phraseto_tsquery('english', ${phrase.join(' ')})`);
  return sql.join(parts, sql` && `);
}

const clean = (column: string) => sql.raw(`translate(${column}, chr(2) || chr(3), '  ')`);

function documentRows(where: RawBuilder<unknown>) {
  return sql`
    select a.id, ${clean('a.headline')}, ${clean('a.dek')}, ${clean('a.body_text')},
      coalesce((select string_agg(t.name, ' ' order by at.position) from article_tags at join tags t on t.id = at.tag_id where at.article_id = a.id), '')
    from articles a
    where a.status = 'published' and a.deleted_at is null and ${where}`;
}

function filterSql(filter: SearchFilter) {
  const parts = [sql`a.status = 'published'`, sql`a.deleted_at is null`, sql`a.published_at is not null`, sql`a.published_at <= ${filter.publishedBefore}`];
  if (filter.from !== undefined) parts.push(sql`a.published_at >= ${filter.from}`);
  if (filter.until !== undefined) parts.push(sql`a.published_at < ${filter.until}`);
  if (filter.sectionIds !== undefined) {
    const ids = filter.sectionIds;
    parts.push(ids.length === 0 ? sql`false` : sql`(a.primary_section_id in (${sql.join(ids)}) or a.id in (select article_id from article_sections where section_id in (${sql.join(ids)})))`);
  }
  if (filter.authorId !== undefined) parts.push(sql`a.id in (select article_id from article_authors where author_id = ${filter.authorId})`);
  return sql.join(parts, sql` and `);
}

/** The schema of the RUM extension when search_documents has a RUM index, else null. */
async function rumIndexSchema(db: Kysely<Database>): Promise<string | null> {
  const { rows } = await sql<{ schema: string }>`
    select n.nspname as schema
    from pg_index i
      join pg_class c on c.oid = i.indexrelid
      join pg_am am on am.oid = c.relam
      join pg_extension e on e.extname = 'rum'
      join pg_namespace n on n.oid = e.extnamespace
    where i.indrelid = to_regclass('search_documents') and am.amname = 'rum'
    limit 1`.execute(db);
  return rows[0]?.schema ?? null;
}

/**
 * The PostgreSQL adapter of the search port: a weighted tsvector column, GIN-indexed for
 * matching and, where the RUM extension is installed, RUM-indexed for ranking.
 */
export function createPostgresSearchIndex(db: Kysely<Database>, options: PostgresSearchOptions = {}): SearchIndex {
  const candidates = { candidatesMin: options.candidatesMin ?? CANDIDATES_MIN, candidatesPerResult: options.candidatesPerResult ?? CANDIDATES_PER_RESULT };
  let rumSchema: Promise<string | null> | undefined;
  const rankingSchema = () => {
    if (options.ranking === 'ts_rank_cd') return Promise.resolve(null);
    rumSchema ??= rumIndexSchema(db).then((schema) => {
      if (schema === null && options.ranking === 'rum') throw new Error('ranking "rum" asked for, but search_documents has no RUM index (install the rum extension and migrate)');
      return schema;
    });
    return rumSchema;
  };

  /** All matches scored by ts_rank_cd (reads every matching row's tsvector); higher is better. */
  async function rankByTsRank(query: RawBuilder<unknown>, where: RawBuilder<unknown>, page: { limit: number; offset: number }) {
    const { rows } = await sql<{ id: number; score: number }>`
      select a.id as id, ts_rank_cd(d.document, q.query) as score
      from (select ${query} as query) q
      join search_documents d on d.document @@ q.query
      join articles a on a.id = d.article_id
      where ${where}
      order by score desc, a.published_at desc, a.id desc
      limit ${page.limit} offset ${page.offset}`.execute(db);
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }

  /**
   * RUM distance (1 / rank; lower is better) straight from the index: a bounded candidate set
   * first, the full ranking by the same distance when the candidates cannot decide the page.
   * Returns higher-is-better scores like rankByTsRank.
   */
  async function rankByRum(schema: string, query: RawBuilder<unknown>, where: RawBuilder<unknown>, page: { limit: number; offset: number }) {
    const distance = sql`d.document operator(${sql.id(schema)}.<=>) q.query`;
    const candidateCount = candidateCountFor(page, candidates);
    const ranked = await sql<{ id: number; score: number }>`
      select d.article_id as id, ${distance} as score
      from (select ${query} as query) q, search_documents d
      where d.document @@ q.query
      order by ${distance} limit ${candidateCount}`.execute(db);
    const exact = await pageFromCandidates(ranked.rows.map((r) => ({ id: r.id, score: Number(r.score) })), candidateCount, page, async (ids) =>
      (await sql<{ id: number; published_at: string }>`select a.id, a.published_at from articles a where a.id in (${sql.join(ids)}) and ${where}`.execute(db)).rows,
    );
    const rows = exact ?? (await sql<{ id: number; score: number }>`
      select a.id as id, ${distance} as score
      from (select ${query} as query) q
      join search_documents d on d.document @@ q.query
      join articles a on a.id = d.article_id
      where ${where}
      order by score, a.published_at desc, a.id desc
      limit ${page.limit} offset ${page.offset}`.execute(db)).rows.map((r) => ({ id: r.id, score: Number(r.score) }));
    return rows.map((r) => ({ id: r.id, score: r.score > 0 ? 1 / r.score : 0 }));
  }

  /** Headline, dek and a body snippet with the matches marked, for the page's stories only. */
  async function highlights(query: RawBuilder<unknown>, ids: number[]) {
    const marked = new Map<number, { headline: string; dek: string; snippet: string }>();
    if (ids.length === 0) return marked;
    const { rows } = await sql<{ id: number; headline: string; dek: string; snippet: string }>`
      select d.article_id as id,
        ts_headline('english', d.headline, q.query, ${HEADLINE_OPTIONS}) as headline,
        ts_headline('english', d.dek, q.query, ${HEADLINE_OPTIONS}) as dek,
        ts_headline('english', d.body, q.query, ${SNIPPET_OPTIONS}) as snippet
      from (select ${query} as query) q, search_documents d
      where d.article_id in (${sql.join(ids)})`.execute(db);
    for (const row of rows) marked.set(row.id, row);
    return marked;
  }

  /**
   * Visible matches, counted up to one past `cap` (a common word matches a large share of the
   * archive). Fast path: the first 2 × (cap + 1) matches straight from the index (bitmap scan;
   * left to itself the planner reads the table in order and detoasts every row's tsvector to test
   * it), then their visibility. That decides the count whenever it saw every match or found more
   * than `cap` visible ones; otherwise (many hidden stories, strict filters) everything is counted.
   */
  async function countCapped(query: RawBuilder<unknown>, where: RawBuilder<unknown>, cap: number): Promise<number> {
    const scan = 2 * (cap + 1);
    const fast = await db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const { rows } = await sql<{ seen: number; n: number }>`
        with matched as materialized (
          select d.article_id from search_documents d where d.document @@ ${query} limit ${scan})
        select (select count(*) from matched)::int as seen,
          (select count(*) from (select 1 from matched m join articles a on a.id = m.article_id where ${where} limit ${cap + 1}) v)::int as n`.execute(trx);
      return { seen: Number(rows[0]?.seen ?? 0), n: Number(rows[0]?.n ?? 0) };
    });
    if (fast.seen < scan || fast.n > cap) return fast.n;
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from (
        select 1
        from (select ${query} as query) q
        join search_documents d on d.document @@ q.query
        join articles a on a.id = d.article_id
        where ${where}
        limit ${cap + 1}) capped`.execute(db);
    return Number(rows[0]?.n ?? 0);
  }

  return {
    dialect: 'postgres',

    async refresh(articleId) {
      await db.transaction().execute(async (trx) => {
        await sql`delete from search_documents where article_id = ${articleId}`.execute(trx);
        await sql`insert into search_documents (article_id, headline, dek, body, tags) ${documentRows(sql`a.id = ${articleId}`)}`.execute(trx);
      });
    },

    async remove(articleId) {
      await sql`delete from search_documents where article_id = ${articleId}`.execute(db);
    },

    async rebuild() {
      const rum = await rumIndexSchema(db);
      return db.transaction().execute(async (trx) => {
        // A RUM index is far cheaper built once than kept up to date row by row (100,000 stories:
        // about 30 s against ten minutes); readers wait for the rebuild's commit meanwhile.
        if (rum !== null) await sql`drop index search_documents_rum_idx`.execute(trx);
        await sql`delete from search_documents`.execute(trx);
        await sql`insert into search_documents (article_id, headline, dek, body, tags) ${documentRows(sql`true`)}`.execute(trx);
        if (rum !== null) await sql`create index search_documents_rum_idx on search_documents using rum (document ${sql.id(rum)}.rum_tsvector_ops)`.execute(trx);
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from search_documents`.execute(trx);
        return Number(rows[0]?.n ?? 0);
      });
    },

    async search(terms, filter, page) {
      // Nothing to look for (or no room on the page): no query reaches the engine.
      if ((terms.terms.length === 0 && terms.phrases.length === 0) || page.limit <= 0) return { total: 0, totalIsLowerBound: false, hits: [] };
      const query = tsQuery(terms);
      const where = filterSql(filter);
      const schema = await rankingSchema();
      // The ranked page and its highlights on one connection while another counts: the count
      // of a common word takes about as long as ranking and highlighting together.
      const rankAndMark = async () => {
        const ranked = schema === null ? await rankByTsRank(query, where, page) : await rankByRum(schema, query, where, page);
        return { ranked, marked: await highlights(query, ranked.map((r) => r.id)) };
      };
      const [{ ranked, marked }, counted] = await Promise.all([rankAndMark(), countCapped(query, where, page.countCap)]);
      const hits: SearchIndexHit[] = ranked.map((r) => {
        const m = marked.get(r.id);
        return { articleId: r.id, score: r.score, headlineMarked: m?.headline ?? '', dekMarked: m?.dek ?? '', snippetMarked: m?.snippet ?? '' };
      });
      return { total: Math.min(counted, page.countCap), totalIsLowerBound: counted > page.countCap, hits };
    },
  };
}
