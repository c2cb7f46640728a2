import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../platform/db/tables.js';
import type { SearchFilter, SearchIndex, SearchIndexHit } from './search-index.js';
import type { SearchTerms } from './search-query.js';

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

/** The PostgreSQL adapter of the search port: a weighted, GIN-indexed tsvector column. */
export function createPostgresSearchIndex(db: Kysely<Database>): SearchIndex {
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
      return db.transaction().execute(async (trx) => {
        await sql`delete from search_documents`.execute(trx);
        await sql`insert into search_documents (article_id, headline, dek, body, tags) ${documentRows(sql`true`)}`.execute(trx);
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from search_documents`.execute(trx);
        return Number(rows[0]?.n ?? 0);
      });
    },

    async search(terms, filter, page) {
      // Nothing to look for (or no room on the page): no query reaches the engine.
      if ((terms.terms.length === 0 && terms.phrases.length === 0) || page.limit <= 0) return { total: 0, totalIsLowerBound: false, hits: [] };
      const query = tsQuery(terms);
      const where = filterSql(filter);
      const [ranked, counted] = await Promise.all([
        sql<{ id: number; score: number }>`
          select a.id as id, ts_rank_cd(d.document, q.query) as score
          from (select ${query} as query) q
          join search_documents d on d.document @@ q.query
          join articles a on a.id = d.article_id
          where ${where}
          order by score desc, a.published_at desc, a.id desc
          limit ${page.limit} offset ${page.offset}`.execute(db),
        // Counting stops one past the cap: a common word matches a large share of the archive.
        sql<{ n: number }>`
          select count(*)::int as n from (
            select 1
            from (select ${query} as query) q
            join search_documents d on d.document @@ q.query
            join articles a on a.id = d.article_id
            where ${where}
            limit ${page.countCap + 1}) capped`.execute(db),
      ]);
      const ids = ranked.rows.map((r) => r.id);
      const marked = new Map<number, { headline: string; dek: string; snippet: string }>();
      if (ids.length > 0) {
        const { rows } = await sql<{ id: number; headline: string; dek: string; snippet: string }>`
          select d.article_id as id,
            ts_headline('english', d.headline, q.query, ${HEADLINE_OPTIONS}) as headline,
            ts_headline('english', d.dek, q.query, ${HEADLINE_OPTIONS}) as dek,
            ts_headline('english', d.body, q.query, ${SNIPPET_OPTIONS}) as snippet
          from (select ${query} as query) q, search_documents d
          where d.article_id in (${sql.join(ids)})`.execute(db);
        for (const row of rows) marked.set(row.id, row);
      }
      const hits: SearchIndexHit[] = ranked.rows.map((r) => {
        const m = marked.get(r.id);
        return { articleId: r.id, score: Number(r.score), headlineMarked: m?.headline ?? '', dekMarked: m?.dek ?? '', snippetMarked: m?.snippet ?? '' };
      });
      const matched = Number(counted.rows[0]?.n ?? 0);
      return { total: Math.min(matched, page.countCap), totalIsLowerBound: matched > page.countCap, hits };
    },
  };
}
