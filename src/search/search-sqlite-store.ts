import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../platform/db/tables.js';
import type { SearchFilter, SearchIndex, SearchIndexHit } from './search-index.js';
import type { SearchTerms } from './search-query.js';
import { candidateCountFor, pageFromCandidates } from './search-candidates.js';

/** bm25 column weights: headline, dek, body, tags. */
const BM25 = sql.raw('bm25(search_fts, 10.0, 4.0, 1.0, 5.0)');
/** Candidates ranked by the engine alone before visibility and filters are checked (see rankPage). */
const CANDIDATES_MIN = 100;
const CANDIDATES_PER_RESULT = 4;
/** Tokens per body snippet. */
const SNIPPET_TOKENS = 32;

/** The FTS5 MATCH expression: every term and phrase as a quoted string, implicitly ANDed. */
export function ftsMatchExpression(terms: SearchTerms): string {
  const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
  return [...terms.terms.map(quote), ...terms.phrases.map((p) => quote(p.join(' ')))].join(' ');
}

const clean = (column: string) => sql.raw(`replace(replace(${column}, char(2), ' '), char(3), ' ')`);

/** The search_documents row of each story `where` selects (published, not trashed). */
function documentRows(where: RawBuilder<unknown>) {
  return sql`
    select a.id, ${clean('a.headline')}, ${clean('a.dek')}, ${clean('a.body_text')},
      coalesce((select group_concat(name, ' ') from (
        select t.name from article_tags at join tags t on t.id = at.tag_id where at.article_id = a.id order by at.position
      )), '')
    from articles a
    where a.status = 'published' and a.deleted_at is null and ${where}`;
}

function filterSql(filter: SearchFilter) {
  const parts = [sql`a.status = 'published'`, sql`a.deleted_at is null`, sql`a.published_at is not null`, sql`a.published_at <= ${filter.publishedBefore}`];
  if (filter.from !== undefined) parts.push(sql`a.published_at >= ${filter.from}`);
  if (filter.until !== undefined) parts.push(sql`a.published_at < ${filter.until}`);
  if (filter.sectionIds !== undefined) {
    const ids = filter.sectionIds;
    parts.push(ids.length === 0 ? sql`0 = 1` : sql`(a.primary_section_id in (${sql.join(ids)}) or a.id in (select article_id from article_sections where section_id in (${sql.join(ids)})))`);
  }
  if (filter.authorId !== undefined) parts.push(sql`a.id in (select article_id from article_authors where author_id = ${filter.authorId})`);
  return sql.join(parts, sql` and `);
}

/** The SQLite adapter of the search port: an FTS5 external-content table over search_documents. */
export function createSqliteSearchIndex(db: Kysely<Database>, options: { candidatesMin?: number; candidatesPerResult?: number } = {}): SearchIndex {
  const candidatesMin = options.candidatesMin ?? CANDIDATES_MIN;
  const candidatesPerResult = options.candidatesPerResult ?? CANDIDATES_PER_RESULT;
  async function removeIn(trx: Kysely<Database>, articleId: number) {
    // External content: FTS5 must be told the old values to forget them.
    await sql`insert into search_fts(search_fts, rowid, headline, dek, body, tags)
      select 'delete', article_id, headline, dek, body, tags from search_documents where article_id = ${articleId}`.execute(trx);
    await sql`delete from search_documents where article_id = ${articleId}`.execute(trx);
  }

  /** The page of ranked ids: a bounded candidate set first (see search-candidates.ts), else everything. */
  async function rankPage(match: string, where: RawBuilder<unknown>, page: { limit: number; offset: number }) {
    const candidateCount = candidateCountFor(page, { candidatesMin, candidatesPerResult });
    const candidates = await sql<{ id: number; score: number }>`
      select rowid as id, ${BM25} as score from search_fts where search_fts match ${match}
      order by score limit ${candidateCount}`.execute(db);
    // Visibility and filters for the candidates only; ordered by the scores already known
    // (asking FTS5 again for rowid IN (…) re-reads the whole match list once per rowid).
    const exact = await pageFromCandidates(candidates.rows.map((r) => ({ id: r.id, score: Number(r.score) })), candidateCount, page, async (ids) =>
      (await sql<{ id: number; published_at: string }>`select a.id, a.published_at from articles a where a.id in (${sql.join(ids)}) and ${where}`.execute(db)).rows,
    );
    if (exact) return { rows: exact };
    return sql<{ id: number; score: number }>`
      select a.id as id, ${BM25} as score
      from search_fts join articles a on a.id = search_fts.rowid
      where search_fts match ${match} and ${where}
      order by score, a.published_at desc, a.id desc
      limit ${page.limit} offset ${page.offset}`.execute(db);
  }

  return {
    dialect: 'sqlite',

    async refresh(articleId) {
      await db.transaction().execute(async (trx) => {
        await removeIn(trx, articleId);
        await sql`insert into search_documents (article_id, headline, dek, body, tags) ${documentRows(sql`a.id = ${articleId}`)}`.execute(trx);
        await sql`insert into search_fts(rowid, headline, dek, body, tags)
          select article_id, headline, dek, body, tags from search_documents where article_id = ${articleId}`.execute(trx);
      });
    },

    async remove(articleId) {
      await db.transaction().execute(async (trx) => removeIn(trx, articleId));
    },

    async rebuild() {
      return db.transaction().execute(async (trx) => {
        await sql`insert into search_fts(search_fts) values ('delete-all')`.execute(trx);
        await sql`delete from search_documents`.execute(trx);
        await sql`insert into search_documents (article_id, headline, dek, body, tags) ${documentRows(sql`1 = 1`)}`.execute(trx);
        await sql`insert into search_fts(search_fts) values ('rebuild')`.execute(trx);
        const { rows } = await sql<{ n: number }>`select count(*) as n from search_documents`.execute(trx);
        return Number(rows[0]?.n ?? 0);
      });
    },

    async search(terms, filter, page) {
      // Nothing to look for (or no room on the page): no query reaches the engine.
      if ((terms.terms.length === 0 && terms.phrases.length === 0) || page.limit <= 0) return { total: 0, totalIsLowerBound: false, hits: [] };
      const match = ftsMatchExpression(terms);
      const where = filterSql(filter);
      const [ranked, counted] = await Promise.all([
        rankPage(match, where, page),
        // Counting stops one past the cap: a common word matches a large share of the archive.
        sql<{ n: number }>`
          select count(*) as n from (select 1 from search_fts join articles a on a.id = search_fts.rowid
          where search_fts match ${match} and ${where} limit ${page.countCap + 1})`.execute(db),
      ]);
      const ids = ranked.rows.map((r) => r.id);
      const marked = new Map<number, { headline: string; dek: string; snippet: string }>();
      if (ids.length > 0) {
        // Highlights only for the page shown, not for every match.
        const { rows } = await sql<{ id: number; headline: string | null; dek: string | null; snippet: string | null }>`
          select rowid as id,
            highlight(search_fts, 0, char(2), char(3)) as headline,
            highlight(search_fts, 1, char(2), char(3)) as dek,
            snippet(search_fts, 2, char(2), char(3), '…', ${SNIPPET_TOKENS}) as snippet
          from search_fts where search_fts match ${match} and rowid in (${sql.join(ids)})`.execute(db);
        for (const row of rows) marked.set(row.id, { headline: row.headline ?? '', dek: row.dek ?? '', snippet: row.snippet ?? '' });
      }
      const hits: SearchIndexHit[] = ranked.rows.map((r) => {
        const m = marked.get(r.id);
        // bm25 is lower-is-better; the port promises higher-is-better.
        return { articleId: r.id, score: -Number(r.score), headlineMarked: m?.headline ?? '', dekMarked: m?.dek ?? '', snippetMarked: m?.snippet ?? '' };
      });
      const matched = Number(counted.rows[0]?.n ?? 0);
      return { total: Math.min(matched, page.countCap), totalIsLowerBound: matched > page.countCap, hits };
    },
  };
}
