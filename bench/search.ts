// npm run bench:search — full-text search latency on BENCH_ARTICLES (default 100,000) generated
// stories whose text is recombined from real BBC sentences (../shared/corpus/news/bbc-fulltext.jsonl).
// SQLite unless BENCH_SQLITE=0; PostgreSQL too when it answers (its own throwaway schema, kept for
// inspection with BENCH_KEEP_SCHEMA=1, which keeps SQLite's data directory too; BENCH_POSTGRES=0
// skips it).
// Measures, for many distinct one-word and three-word queries: our search service (ranked page of
// 10 + total count + highlighted snippets + loading the 10 stories) and the index alone (rank +
// count + snippets), against two baselines in the same run: the raw engine query without our
// layer (FTS5 MATCH / tsvector @@, top 10 by rank) and the old LIKE scan on a sample.
import { readFileSync, mkdtempSync, rmSync, appendFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import pg from 'pg';
import { createAppServices } from '../src/app-services.js';
import { createDatabase } from '../src/platform/db/create-db.js';
import type { DatabaseHandle, DialectName } from '../src/platform/db/create-db.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import type { Database } from '../src/platform/db/tables.js';
import { createSearchIndex, MAX_SEARCH_DEPTH, parseSearchQuery } from '../src/search/index.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 500);
const LIKE_SAMPLE = Number(process.env.BENCH_LIKE_SAMPLE ?? 20);
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CORPUS = new URL('../../shared/corpus/news/bbc-fulltext.jsonl', import.meta.url);
const RESULTS_FILE = new URL('./RESULTS.md', import.meta.url);
const SKIP_APPEND = process.env.BENCH_NO_APPEND === '1';
const TARGET_P95_MS = 20;

interface Stats { p50: number; p95: number; p99: number; mean: number; n: number }
type Row = { dialect: DialectName; target: string; stats: Stats };

const random = seededRandom(11);
const sentences = loadSentences();
const STOP = new Set('the a an and or of to in on for with at by from is are was were be been it its that this as has have had but not he she they we you said says will would could should can also after before over into than their there which who what when where about more most other some such only new year years one two three'.split(' '));

/** Other work on the machine skews latencies: the record says how busy it was. */
const loadAtStart = loadavg()[0]!;
const rows: Row[] = [];
const generated: Record<string, number> = {};
for (const dialect of ['sqlite', 'postgres'] as const) {
  if (dialect === 'sqlite' && process.env.BENCH_SQLITE === '0') {
    console.log('sqlite: skipped (BENCH_SQLITE=0)');
    continue;
  }
  if (dialect === 'postgres' && (process.env.BENCH_POSTGRES === '0' || !(await postgresAnswers()))) {
    console.log('postgres: skipped (not reachable or BENCH_POSTGRES=0)');
    continue;
  }
  rows.push(...(await benchDialect(dialect)));
}
printAndRecord();

async function benchDialect(dialect: DialectName): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-search-bench-'));
  const schema = `bench_search_${process.pid}`;
  const database = await createDatabase(dialect === 'postgres' ? { databaseUrl: POSTGRES_URL, dataDir, postgresSchema: schema } : { dataDir });
  try {
    await migrateToLatest(database.db);
    const clock = { now: () => new Date('2026-11-28T00:00:00Z') };
    const services = createAppServices({ db: database.db, clock });
    const started = performance.now();
    await generate(database, services);
    const generateSeconds = (performance.now() - started) / 1000;
    const indexStarted = performance.now();
    const { indexed } = await services.search.reindexAll();
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    await sql`analyze`.execute(database.db);
    generated[dialect] = generateSeconds;
    console.log(`${dialect}: generated ${ARTICLES.toLocaleString('en')} articles in ${generateSeconds.toFixed(1)} s, indexed ${indexed.toLocaleString('en')} in ${indexSeconds.toFixed(1)} s`);

    const index = createSearchIndex(database.db);
    const filter = { publishedBefore: clock.now().toISOString() };
    const oneWord = distinctQueries(1, QUERIES);
    const threeWords = distinctQueries(3, QUERIES);
    const out: Row[] = [{ dialect, target: `generate ${ARTICLES.toLocaleString('en')} articles (s) / bulk index (s)`, stats: { p50: generateSeconds, p95: indexSeconds, p99: NaN, mean: NaN, n: 1 } }];
    for (const [label, queries] of [['1 word', oneWord], ['3 words', threeWords]] as const) {
      // Warm up caches once for every kind of call.
      for (const q of queries.slice(0, 20)) await services.search.search({ query: q, limit: 10, offset: 0 });
      const service: number[] = [];
      const indexOnly: number[] = [];
      const raw: number[] = [];
      let hits = 0;
      for (const q of queries) {
        let t = performance.now();
        const response = await services.search.search({ query: q, limit: 10, offset: 0 });
        service.push(performance.now() - t);
        hits += response.total;
        const terms = parseSearchQuery(q);
        t = performance.now();
        await index.search(terms, filter, { limit: 10, offset: 0, countCap: MAX_SEARCH_DEPTH });
        indexOnly.push(performance.now() - t);
        t = performance.now();
        await rawEngineQuery(database, terms.terms);
        raw.push(performance.now() - t);
      }
      const like: number[] = [];
      for (const q of queries.slice(0, LIKE_SAMPLE)) {
        const t = performance.now();
        await oldLikeSearch(database, q.split(' '), filter.publishedBefore);
        like.push(performance.now() - t);
      }
      console.log(`${dialect} ${label}: ${queries.length} distinct queries, ${Math.round(hits / queries.length)} matches on average`);
      out.push({ dialect, target: `${label}: search service (page of 10 + count + snippets + stories)`, stats: stats(service) });
      out.push({ dialect, target: `${label}: index only (rank + count + snippets)`, stats: stats(indexOnly) });
      out.push({ dialect, target: `${label}: baseline raw engine top 10 (no count, no snippets)`, stats: stats(raw) });
      out.push({ dialect, target: `${label}: baseline old LIKE scan + count (${like.length} queries)`, stats: stats(like) });
    }
    return out;
  } finally {
    if (dialect === 'postgres' && process.env.BENCH_KEEP_SCHEMA === '1') console.log(`postgres: kept schema ${schema} (BENCH_KEEP_SCHEMA=1)`);
    else if (dialect === 'postgres') await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db).catch(() => undefined);
    await database.close();
    if (process.env.BENCH_KEEP_SCHEMA === '1') console.log(`${dialect}: kept data directory ${dataDir} (BENCH_KEEP_SCHEMA=1)`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The engine's own top-10 query, without our visibility join, filters, count or highlighting. */
async function rawEngineQuery(database: DatabaseHandle, terms: string[]): Promise<void> {
  if (terms.length === 0) return;
  if (database.dialect === 'sqlite') {
    await sql`select rowid from search_fts where search_fts match ${terms.map((t) => `"${t}"`).join(' ')} order by rank limit 10`.execute(database.db);
  } else {
    await sql`select article_id from search_documents, plainto_tsquery('english', ${terms.join(' ')}) q where document @@ q order by ts_rank_cd(document, q) desc limit 10`.execute(database.db);
  }
}

/** The search the site had before: every word as a LIKE substring of headline, dek or body, newest first, plus a count. */
async function oldLikeSearch(database: DatabaseHandle, words: string[], before: string): Promise<void> {
  const conditions = words.map((w) => {
    const pattern = `%${w.toLowerCase()}%`;
    return sql`(lower(headline) like ${pattern} or lower(dek) like ${pattern} or lower(body_text) like ${pattern})`;
  });
  const where = sql.join([sql`status = 'published'`, sql`deleted_at is null`, sql`published_at <= ${before}`, ...conditions], sql` and `);
  await sql`select id from articles where ${where} order by published_at desc, id desc limit 10`.execute(database.db);
  await sql`select count(*) from articles where ${where}`.execute(database.db);
}

async function generate(database: DatabaseHandle, services: ReturnType<typeof createAppServices>): Promise<void> {
  const { db } = database;
  const sectionIds: number[] = [];
  for (const name of ['World', 'Politics', 'Business', 'Sport', 'Culture', 'Technology']) sectionIds.push((await services.sections.createSection({ slug: name.toLowerCase(), name })).id);
  const authorIds: number[] = [];
  for (let i = 1; i <= 20; i++) authorIds.push((await services.authors.createAuthor({ slug: `reporter-${i}`, name: `Reporter ${i}` })).id);
  const pick = () => sentences[Math.floor(random() * sentences.length)]!;
  const start = Date.parse('2016-01-01T00:00:00Z');
  const batch = 500;
  for (let from = 0; from < ARTICLES; from += batch) {
    const count = Math.min(batch, ARTICLES - from);
    const articleRows: Insertable<Database['articles']>[] = [];
    for (let i = 0; i < count; i++) {
      const n = from + i + 1;
      const headline = pick().split(' ').slice(0, 12).join(' ').replace(/[.,;:]$/, '');
      const paragraphs = Array.from({ length: 5 }, () => Array.from({ length: 3 }, pick).join(' '));
      const bodyText = paragraphs.join('\n\n');
      const at = new Date(start + n * 25 * 60_000).toISOString();
      articleRows.push({
        slug: `story-${n}`,
        status: 'published',
        kicker: null,
        headline,
        dek: pick(),
        seo_title: null,
        seo_description: null,
        social_title: null,
        social_description: null,
        body_json: JSON.stringify({ type: 'doc', content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) }),
        body_text: bodyText,
        word_count: bodyText.split(/\s+/).length,
        lead_image_json: null,
        dateline: null,
        primary_section_id: sectionIds[n % sectionIds.length]!,
        published_at: at,
        updated_at: at,
        created_at: at,
        version: 1,
      });
    }
    await db.transaction().execute(async (trx) => {
      const ids = (await trx.insertInto('articles').values(articleRows).returning('id').execute()).map((r) => r.id);
      await trx.insertInto('article_authors').values(ids.map((id) => ({ article_id: id, author_id: authorIds[id % 20]!, position: 0 }))).execute();
    });
  }
}

/** Distinct queries of `words` content words taken from one real sentence (words that occur together). */
function distinctQueries(words: number, count: number): string[] {
  const seen = new Set<string>();
  for (let attempts = 0; seen.size < count && attempts < count * 50; attempts++) {
    const candidates = sentences[Math.floor(random() * sentences.length)]!
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter((w) => w.length >= 4 && !STOP.has(w));
    if (candidates.length < words) continue;
    const startAt = Math.floor(random() * (candidates.length - words + 1));
    seen.add(candidates.slice(startAt, startAt + words).join(' '));
  }
  return [...seen];
}

function loadSentences(): string[] {
  const out: string[] = [];
  for (const line of readFileSync(CORPUS, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { title, body } = JSON.parse(line) as { title: string; body: string };
    out.push(title);
    for (const s of body.split(/(?<=[.!?])\s+/)) if (s.length > 30 && s.length < 300) out.push(s.replace(/\s+/g, ' ').trim());
  }
  return out;
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length), n: sorted.length };
}

function printAndRecord(): void {
  const f = (n: number) => (Number.isNaN(n) ? '' : n.toFixed(2));
  const lines = [
    '',
    `### bench:search — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (1-minute load average ${loadAtStart.toFixed(2)} at start)`,
    '',
    `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}; ${ARTICLES.toLocaleString('en')} articles of recombined BBC sentences; ${QUERIES} distinct queries per kind; target p95 < ${TARGET_P95_MS} ms.`,
    '',
    '| dialect | target | p50 ms | p95 ms | p99 ms | mean ms |',
    '|---|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.dialect} | ${r.target} | ${f(r.stats.p50)} | ${f(r.stats.p95)} | ${f(r.stats.p99)} | ${f(r.stats.mean)} |`),
    '',
  ];
  for (const dialect of ['sqlite', 'postgres'] as const) {
    for (const kind of ['1 word', '3 words']) {
      const get = (prefix: string) => rows.find((r) => r.dialect === dialect && r.target.startsWith(`${kind}: ${prefix}`))?.stats;
      const service = get('search service');
      const indexOnly = get('index only');
      const raw = get('baseline raw');
      const like = get('baseline old LIKE');
      if (!service || !indexOnly || !raw || !like) continue;
      lines.push(
        `- ${dialect}, ${kind}: index p95 ${f(indexOnly.p95)} ms (${indexOnly.p95 < TARGET_P95_MS ? 'meets' : 'misses'} the ${TARGET_P95_MS} ms target), service p95 ${f(service.p95)} ms; ` +
          `index / raw engine p50 = ${(indexOnly.p50 / raw.p50).toFixed(1)}×; old LIKE / index p50 = ${(like.p50 / indexOnly.p50).toFixed(0)}×.`,
      );
    }
  }
  const text = lines.join('\n');
  console.log(text);
  if (!SKIP_APPEND) appendFileSync(RESULTS_FILE, `${text}\n`);
}

function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
