import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../platform/db/tables.js';
import type { SearchFilter, SearchIndex, SearchIndexHit } from './search-index.js';
import type { SearchTerms } from './search-query.js';
import { candidateCountFor, completeBelowWithTiesOf, pageFromCandidates } from './search-candidates.js';
import type { RankedCandidate } from './search-candidates.js';
import { candidatesFromList, POSTGRES_TERM_LISTS } from './search-term-lists.js';
import type { TermListOptions } from './search-term-lists.js';

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
  /** Stored best matches of common words (search-term-lists.ts), built by rebuild() with RUM ranking; false: none. */
  termLists?: TermListOptions | false;
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
  const termLists = options.termLists === undefined ? POSTGRES_TERM_LISTS : options.termLists;
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
  async function rankByRum(schema: string, terms: SearchTerms, query: RawBuilder<unknown>, where: RawBuilder<unknown>, page: { limit: number; offset: number }) {
    const distance = sql`d.document operator(${sql.id(schema)}.<=>) q.query`;
    const candidateCount = candidateCountFor(page, candidates);
    const loadVisible = async (ids: number[]) =>
      (await sql<{ id: number; published_at: string }>`select a.id, a.published_at from articles a where a.id in (${sql.join(ids)}) and ${where}`.execute(db)).rows;
    const fromList = termLists && terms.terms.length === 1 && terms.phrases.length === 0 ? await listCandidates(terms.terms[0]!, candidateCount) : undefined;
    let exact = fromList ? await pageFromCandidates(fromList.candidates, fromList.completeBelow, page, loadVisible) : null;
    if (!exact) {
      const ranked: RankedCandidate[] = (await sql<{ id: number; score: number }>`
        select d.article_id as id, ${distance} as score
        from (select ${query} as query) q, search_documents d
        where d.document @@ q.query
        order by ${distance} fetch first ${candidateCount} rows with ties`.execute(db)).rows.map((r) => ({ id: r.id, score: Number(r.score) }));
      exact = await pageFromCandidates(ranked, completeBelowWithTiesOf(ranked, candidateCount), page, loadVisible);
    }
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

  /**
   * A one-word search's candidates from the word's stored list (RUM distances), or undefined
   * when the word (plainto_tsquery's single lexeme) has no list.
   */
  async function listCandidates(word: string, candidateCount: number) {
    const { rows } = await sql<{ complete_below: number; id: number | null; score: number | null }>`
      select t.complete_below, h.article_id as id, h.score
      from (select plainto_tsquery('english', ${word}) as query) q
        join search_terms t on numnode(q.query) = 1 and t.term = trim(both '''' from querytree(q.query))
        left join search_term_hits h on h.term = t.term`.execute(db);
    if (rows.length === 0) return undefined;
    const entries = rows.filter((r) => r.id !== null).map((r) => ({ id: r.id!, score: Number(r.score) }));
    return candidatesFromList(entries, Number(rows[0]!.complete_below), candidateCount);
  }

  /**
   * Lists for every lexeme in at least `minMatches` stories: the RUM index's best `size` by
   * distance. Only plain lexemes (letters and digits), which read back unchanged as a tsquery.
   */
  async function buildTermLists(trx: Kysely<Database>, schema: string, lists: TermListOptions) {
    await sql`delete from search_term_hits`.execute(trx);
    await sql`delete from search_terms`.execute(trx);
    const { rows: frequent } = await sql<{ term: string }>`
      select word as term from ts_stat('select document from search_documents') where ndoc >= ${lists.minMatches} and word ~ '^[[:alnum:]]+$'`.execute(trx);
    // Scores stay in SQL (float4 distance widened to float8) so they equal, bit for bit, those
    // addToTermLists computes later: read through JavaScript they would be rounded decimals.
    for (const { term } of frequent) {
      await sql`
        insert into search_term_hits (term, article_id, score)
        select ${term}, ranked.id, ranked.score from (
          select d.article_id as id, (d.document operator(${sql.id(schema)}.<=>) q.query)::float8 as score
          from (select cast(${term} as tsquery) as query) q, search_documents d
          where d.document @@ q.query
          order by d.document operator(${sql.id(schema)}.<=>) q.query limit ${lists.size}) ranked`.execute(trx);
      await sql`
        insert into search_terms (term, complete_below, reference_length)
        select ${term}, case when count(*) < ${lists.size} then 'Infinity'::float8 else max(score) end, 0
        from search_term_hits where term = ${term} having count(*) > 0`.execute(trx);
    }
  }

  /** Adds a just-indexed story to the lists of its lexemes whose bound it beats. */
  async function addToTermLists(trx: Kysely<Database>, schema: string, articleId: number) {
    await sql`
      insert into search_term_hits (term, article_id, score)
      select t.term, d.article_id, (d.document operator(${sql.id(schema)}.<=>) cast(t.term as tsquery))::float8
      from search_documents d
        cross join lateral unnest(d.document) u
        join search_terms t on t.term = u.lexeme
      where d.article_id = ${articleId}
        and (d.document operator(${sql.id(schema)}.<=>) cast(t.term as tsquery)) < t.complete_below`.execute(trx);
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
      const schema = termLists ? await rankingSchema() : null;
      await db.transaction().execute(async (trx) => {
        await sql`delete from search_documents where article_id = ${articleId}`.execute(trx);
        await sql`delete from search_term_hits where article_id = ${articleId}`.execute(trx);
        await sql`insert into search_documents (article_id, headline, dek, body, tags) ${documentRows(sql`a.id = ${articleId}`)}`.execute(trx);
        if (schema !== null) await addToTermLists(trx, schema, articleId);
      });
    },

    async remove(articleId) {
      await db.transaction().execute(async (trx) => {
        await sql`delete from search_documents where article_id = ${articleId}`.execute(trx);
        await sql`delete from search_term_hits where article_id = ${articleId}`.execute(trx);
      });
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
        // Lists hold RUM distances: without RUM (or without lists) there are none.
        if (rum !== null && termLists && options.ranking !== 'ts_rank_cd') await buildTermLists(trx, rum, termLists);
        else {
          await sql`delete from search_term_hits`.execute(trx);
          await sql`delete from search_terms`.execute(trx);
        }
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
        const ranked = schema === null ? await rankByTsRank(query, where, page) : await rankByRum(schema, terms, query, where, page);
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
