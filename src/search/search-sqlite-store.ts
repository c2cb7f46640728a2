import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../platform/db/tables.js';
import type { SearchFilter, SearchIndex, SearchIndexHit } from './search-index.js';
import type { SearchTerms } from './search-query.js';
import { candidateCountFor, completeBelowOf, pageFromCandidates } from './search-candidates.js';
import { bm25Idf, bm25WithoutIdf, candidatesFromList, SQLITE_TERM_LISTS, readSqliteVarints, weightedCountFromBm25 } from './search-term-lists.js';
import type { TermListOptions } from './search-term-lists.js';

/** bm25 column weights: headline, dek, body, tags. */
const BM25 = sql.raw('bm25(search_fts, 10.0, 4.0, 1.0, 5.0)');
const COLUMN_WEIGHTS: Record<string, number> = { headline: 10, dek: 4, body: 1, tags: 5 };
/** search_fts's tokenizer, for the probe table that tokenizes text exactly as the index does. */
const TOKENIZER = "porter unicode61 remove_diacritics 2";
/** Endings tried, in order, to find a word that stems to a given term (see buildTermLists). */
const TERM_ENDINGS = ['', 'e', 's', 'es', 'ed', 'ing', 'y', 'al', 'ion', 'ate', 'ive', 'ize', 'ic'];
/** Query words whose FTS5 token is remembered (see tokenOf). */
const TOKEN_MEMORY = 5000;
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
export function createSqliteSearchIndex(
  db: Kysely<Database>,
  options: { candidatesMin?: number; candidatesPerResult?: number; termLists?: TermListOptions | false } = {},
): SearchIndex {
  const candidatesMin = options.candidatesMin ?? CANDIDATES_MIN;
  const candidatesPerResult = options.candidatesPerResult ?? CANDIDATES_PER_RESULT;
  const termLists = options.termLists === undefined ? SQLITE_TERM_LISTS : options.termLists;
  const tokens = new Map<string, string | null>();

  async function removeIn(trx: Kysely<Database>, articleId: number) {
    // External content: FTS5 must be told the old values to forget them.
    await sql`insert into search_fts(search_fts, rowid, headline, dek, body, tags)
      select 'delete', article_id, headline, dek, body, tags from search_documents where article_id = ${articleId}`.execute(trx);
    await sql`delete from search_documents where article_id = ${articleId}`.execute(trx);
    await sql`delete from search_term_hits where article_id = ${articleId}`.execute(trx);
  }

  /**
   * Tokens of a text, column by column, exactly as search_fts tokenizes them: the text goes
   * through a one-row FTS5 table of this connection (temp schema) with the same tokenizer.
   */
  async function probeTokens(conn: Kysely<Database>, text: { headline?: string; dek?: string; body?: string; tags?: string }) {
    await sql`create virtual table if not exists temp.search_probe using fts5(headline, dek, body, tags, tokenize = ${sql.lit(TOKENIZER)})`.execute(conn);
    await sql`create virtual table if not exists temp.search_probe_terms using fts5vocab('temp', 'search_probe', 'instance')`.execute(conn);
    await sql`insert into temp.search_probe(rowid, headline, dek, body, tags) values (1, ${text.headline ?? ''}, ${text.dek ?? ''}, ${text.body ?? ''}, ${text.tags ?? ''})`.execute(conn);
    try {
      return (await sql<{ term: string; col: string; offset: number }>`select term, col, "offset" from temp.search_probe_terms order by col, "offset"`.execute(conn)).rows;
    } finally {
      await sql`delete from temp.search_probe`.execute(conn);
    }
  }

  /** The FTS5 token a one-word query searches for (stemmed), or null when the word gives none or several. */
  async function tokenOf(word: string): Promise<string | null> {
    const known = tokens.get(word);
    if (known !== undefined) return known;
    const found = await probeTokens(db, { body: word });
    const token = found.length === 1 ? found[0]!.term : null;
    if (tokens.size >= TOKEN_MEMORY) tokens.clear();
    tokens.set(word, token);
    return token;
  }

  /** FTS5's story count and average story length (tokens, all columns), from its averages record. */
  async function averages(conn: Kysely<Database>): Promise<{ rows: number; averageLength: number }> {
    const { rows } = await sql<{ block: Uint8Array }>`select block from search_fts_data where id = 1`.execute(conn);
    const values = rows[0] ? readSqliteVarints(rows[0].block) : [];
    const count = values[0] ?? 0;
    const total = values.slice(1).reduce((a, b) => a + b, 0);
    return { rows: count, averageLength: count > 0 ? total / count : 0 };
  }

  /** Stories' lengths in tokens (all columns), from FTS5's docsize records. */
  async function lengthsOf(conn: Kysely<Database>, ids: number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const { rows } = await sql<{ id: number; sz: Uint8Array }>`select id, sz from search_fts_docsize where id in (${sql.join(chunk)})`.execute(conn);
      for (const row of rows) out.set(row.id, readSqliteVarints(row.sz).reduce((a, b) => a + b, 0));
    }
    return out;
  }

  /**
   * Lists for every word in at least `minMatches` stories: FTS5's own best `size` for the word,
   * each entry with the weighted count and length bm25 needs to score it again later. Words the
   * tokenizer would change again when searched for (stemming is not always idempotent) or whose
   * counts do not come out whole get no list.
   */
  async function buildTermLists(trx: Kysely<Database>, lists: TermListOptions) {
    await sql`delete from search_term_hits`.execute(trx);
    await sql`delete from search_terms`.execute(trx);
    await sql`create virtual table if not exists temp.search_fts_terms using fts5vocab('main', 'search_fts', 'row')`.execute(trx);
    const frequent = (await sql<{ term: string; doc: number }>`select term, doc from temp.search_fts_terms where doc >= ${lists.minMatches}`.execute(trx)).rows;
    if (frequent.length === 0) return;
    const { rows: storyCount, averageLength } = await averages(trx);
    // A word to search each term by: the term itself when it stems to itself, else the first of
    // a few common endings added to it that does ("lighthous" stems to "lighthou"; "lighthouse"
    // gives "lighthous"). Terms none of them reach get no list.
    const words = frequent.filter((f) => /^[\p{L}\p{N}]+$/u.test(f.term)).flatMap((f) => TERM_ENDINGS.map((ending) => f.term + ending));
    const probed = await probeTokens(trx, { body: words.join(' ') });
    const wordFor = new Map<string, string>();
    for (const p of probed) {
      const word = words[p.offset];
      if (word !== undefined && word.startsWith(p.term) && !wordFor.has(p.term)) wordFor.set(p.term, word);
    }
    for (const { term, doc: matches } of frequent) {
      const word = wordFor.get(term);
      if (word === undefined) continue;
      const ranked = (await sql<{ id: number; score: number }>`
        select rowid as id, ${BM25} as score from search_fts where search_fts match ${`"${word}"`}
        order by score limit ${lists.size}`.execute(trx)).rows;
      const lengths = await lengthsOf(trx, ranked.map((r) => r.id));
      const idf = bm25Idf(storyCount, matches);
      const entries = ranked.map((r) => {
        const length = lengths.get(r.id) ?? 0;
        const f = weightedCountFromBm25(Number(r.score), idf, length, averageLength);
        return f === undefined ? undefined : { id: r.id, f, length, score: -bm25WithoutIdf(f, length, averageLength) };
      });
      if (entries.length === 0 || entries.some((e) => e === undefined)) continue;
      const kept = entries as { id: number; f: number; length: number; score: number }[];
      const completeBelow = kept.length < lists.size ? Infinity : Math.max(...kept.map((e) => e.score));
      await sql`insert into search_terms (term, complete_below, reference_length) values (${term}, ${completeBelow}, ${averageLength})`.execute(trx);
      for (let i = 0; i < kept.length; i += 200) {
        const values = kept.slice(i, i + 200).map((e) => sql`(${term}, ${e.id}, ${e.score}, ${e.f}, ${e.length})`);
        await sql`insert into search_term_hits (term, article_id, score, weighted_count, length) values ${sql.join(values)}`.execute(trx);
      }
    }
  }

  /** Adds a just-indexed story to the lists of its words whose bound it beats. */
  async function addToTermLists(trx: Kysely<Database>, articleId: number) {
    if ((await sql`select 1 from search_terms limit 1`.execute(trx)).rows.length === 0) return;
    const doc = (await sql<{ headline: string; dek: string; body: string; tags: string }>`
      select headline, dek, body, tags from search_documents where article_id = ${articleId}`.execute(trx)).rows[0];
    if (!doc) return;
    const found = await probeTokens(trx, doc);
    const weighted = new Map<string, number>();
    for (const t of found) weighted.set(t.term, (weighted.get(t.term) ?? 0) + (COLUMN_WEIGHTS[t.col] ?? 1));
    const length = found.length;
    const terms = [...weighted.keys()];
    for (let i = 0; i < terms.length; i += 500) {
      const lists = (await sql<{ term: string; complete_below: number; reference_length: number }>`
        select term, complete_below, reference_length from search_terms where term in (${sql.join(terms.slice(i, i + 500))})`.execute(trx)).rows;
      for (const list of lists) {
        const f = weighted.get(list.term)!;
        const score = -bm25WithoutIdf(f, length, Number(list.reference_length));
        if (score < Number(list.complete_below)) {
          await sql`insert into search_term_hits (term, article_id, score, weighted_count, length) values (${list.term}, ${articleId}, ${score}, ${f}, ${length})`.execute(trx);
        }
      }
    }
  }

  /**
   * A one-word search's candidates from the word's stored list, scored again at today's average
   * length; undefined when the word has no list. Today's scores of stories outside the list are
   * at most the list's bound × (today's average / the list's average) when stories got longer on
   * average (bm25 rises with the average), so that is the bound used.
   */
  async function listCandidates(word: string, candidateCount: number) {
    const token = await tokenOf(word);
    if (token === null) return undefined;
    const list = (await sql<{ complete_below: number; reference_length: number }>`select complete_below, reference_length from search_terms where term = ${token}`.execute(db)).rows[0];
    if (!list) return undefined;
    const hits = (await sql<{ id: number; f: number; length: number }>`select article_id as id, weighted_count as f, length from search_term_hits where term = ${token}`.execute(db)).rows;
    const { averageLength } = await averages(db);
    const entries = hits.map((h) => ({ id: h.id, score: -bm25WithoutIdf(Number(h.f), Number(h.length), averageLength) }));
    const bound = Number(list.complete_below);
    const completeBelow = bound === Infinity ? Infinity : bound * Math.max(1, averageLength / Number(list.reference_length)) * (1 + 1e-9);
    return candidatesFromList(entries, completeBelow, candidateCount);
  }

  /** The page of ranked ids: a bounded candidate set first (see search-candidates.ts), else everything. */
  async function rankPage(terms: SearchTerms, match: string, where: RawBuilder<unknown>, page: { limit: number; offset: number }) {
    const candidateCount = candidateCountFor(page, { candidatesMin, candidatesPerResult });
    // Visibility and filters for the candidates only; ordered by the scores already known
    // (asking FTS5 again for rowid IN (…) re-reads the whole match list once per rowid).
    const loadVisible = async (ids: number[]) =>
      (await sql<{ id: number; published_at: string }>`select a.id, a.published_at from articles a where a.id in (${sql.join(ids)}) and ${where}`.execute(db)).rows;
    const fromList = termLists && terms.terms.length === 1 && terms.phrases.length === 0 ? await listCandidates(terms.terms[0]!, candidateCount) : undefined;
    if (fromList) {
      const exact = await pageFromCandidates(fromList.candidates, fromList.completeBelow, page, loadVisible);
      if (exact) return { rows: exact };
    }
    const candidates = (await sql<{ id: number; score: number }>`
      select rowid as id, ${BM25} as score from search_fts where search_fts match ${match}
      order by score limit ${candidateCount}`.execute(db)).rows.map((r) => ({ id: r.id, score: Number(r.score) }));
    const exact = await pageFromCandidates(candidates, completeBelowOf(candidates, candidateCount), page, loadVisible);
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
        await addToTermLists(trx, articleId);
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
        if (termLists) await buildTermLists(trx, termLists);
        else await sql`delete from search_terms`.execute(trx);
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
        rankPage(terms, match, where, page),
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
