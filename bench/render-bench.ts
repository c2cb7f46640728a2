// npm run bench:render — in-process cost of rendering article pages without the page cache, on a
// database of BENCH_ARTICLES (default 100,000) generated stories. SQLite always; PostgreSQL too when
// BENCH_POSTGRES=1 (a throwaway schema in BENCH_POSTGRES_URL, default the local `test` database).
// Each dialect is measured against a baseline in the same run: a trivial route of the same app
// that sends the same bytes, so the framework's share is separated from rendering.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';
import { createDatabase } from '../src/platform/db/create-db.js';
import type { DatabaseHandle, DialectName } from '../src/platform/db/create-db.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import type { Database } from '../src/platform/db/tables.js';
import { markdownToDocument } from '../src/rich-text/index.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 100_000);
const RENDERS = Number(process.env.BENCH_RENDERS ?? 5_000);
const DISTINCT_FOR_MEMORY = Number(process.env.BENCH_MEMORY_PAGES ?? 10_000);
const WARMUP = 200;
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RESULTS_FILE = new URL('./RESULTS.md', import.meta.url);
const SKIP_APPEND = process.env.BENCH_NO_APPEND === '1';

const WORDS = (
  'the minister said council river valley water budget school road market harvest winter border ' +
  'election court report police hospital village city mountain bridge railway energy price farmers ' +
  'teachers students families weather flood drought parliament committee agreement trade export ' +
  'import festival museum library theatre season match league coach players result evening morning ' +
  'yesterday tomorrow officials residents plan project funding contract survey figures growth decline ' +
  'local national regional central northern southern eastern western new old first last public private'
).split(' ');

interface Stats { p50: number; p95: number; p99: number; mean: number }
interface DialectResult {
  dialect: DialectName;
  generateSeconds: number;
  article: Stats;
  baseline: Stats;
  bytes: number;
  rssMb: number;
  heapMb: number;
}

if (process.argv[2] === '--serve-distinct') {
  await serveDistinctPages(JSON.parse(readFileSync(process.argv[3]!, 'utf8')) as MemoryJob);
} else {
  const results: DialectResult[] = [];
  results.push(await benchDialect('sqlite'));
  if (process.env.BENCH_POSTGRES === '1') results.push(await benchDialect('postgres'));
  printTable(results);
  if (!SKIP_APPEND) appendResults(results);
}

async function benchDialect(dialect: DialectName): Promise<DialectResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-render-bench-'));
  const schema = `bench_render_${process.pid}`;
  const database = await createDatabase(dialect === 'postgres' ? { databaseUrl: POSTGRES_URL, dataDir, postgresSchema: schema } : { dataDir });
  try {
    await migrateToLatest(database.db);
    const config = loadConfig({ env: { DATA_DIR: dataDir, PAGE_CACHE_BYTES: '0', DEMO_CONTENT: 'false', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://news.bench', CONFIG_FILE: '' } });
    const { app, services } = await buildApp({ config, database, logger: false, scheduler: false });
    // The baseline: a route of the same app sending the bytes of one rendered article page.
    let sampleBody: Buffer = Buffer.alloc(0);
    app.get('/__bench/baseline', async (_request, reply) => reply.header('content-type', 'text/html; charset=utf-8').send(sampleBody));

    const started = performance.now();
    const slugs = await generateContent(database, services);
    const generateSeconds = (performance.now() - started) / 1000;
    console.log(`${dialect}: generated ${ARTICLES.toLocaleString('en')} articles in ${generateSeconds.toFixed(1)} s`);

    const sample = await app.inject({ method: 'GET', url: `/articles/${slugs[0]}` });
    if (sample.statusCode !== 200) throw new Error(`article page answered ${sample.statusCode}`);
    sampleBody = sample.rawPayload;

    const random = seededRandom(42);
    const pick = () => slugs[Math.floor(random() * slugs.length)]!;
    const renderArticle = async (slug: string) => {
      const response = await app.inject({ method: 'GET', url: `/articles/${slug}` });
      if (response.statusCode !== 200) throw new Error(`/articles/${slug} answered ${response.statusCode}`);
      return response.rawPayload.length;
    };
    const renderBaseline = async () => {
      const response = await app.inject({ method: 'GET', url: '/__bench/baseline' });
      return response.rawPayload.length;
    };

    for (let i = 0; i < WARMUP; i++) {
      await renderArticle(pick());
      await renderBaseline();
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Interleaved so both see the same machine noise.
    const articleTimes: number[] = [];
    const baselineTimes: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RENDERS; i++) {
      let t = performance.now();
      bytes += await renderArticle(pick());
      articleTimes.push(performance.now() - t);
      t = performance.now();
      await renderBaseline();
      baselineTimes.push(performance.now() - t);
      // Let the event loop turn, as it does between requests of a server: app.inject completes in
      // microtasks alone, so without this no setImmediate callback ever runs (each inject queues
      // one for its response stream) and thousands of responses stay reachable: the heap grew by
      // ~40 KB a render and young-generation GCs of 4–5 ms made the p99.
      await new Promise((resolve) => setImmediate(resolve));
    }

    await app.close();
    // Memory in a fresh process that serves DISTINCT_FOR_MEMORY different pages over loopback HTTP:
    // this process still holds the generator's garbage, and app.inject keeps ~9 KB per call.
    const memory = await measureMemoryInChild({ dataDir, ...(dialect === 'postgres' ? { databaseUrl: POSTGRES_URL, schema } : {}), slugs: slugs.slice(0, DISTINCT_FOR_MEMORY) });
    return { dialect, generateSeconds, article: stats(articleTimes), baseline: stats(baselineTimes), bytes: bytes / RENDERS, rssMb: memory.rss / 2 ** 20, heapMb: memory.heapUsed / 2 ** 20 };
  } finally {
    if (dialect === 'postgres') await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db).catch(() => undefined);
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Sections, authors, tags and footer pages through the services; articles in bulk, straight into the tables. */
async function generateContent(database: DatabaseHandle, services: Awaited<ReturnType<typeof buildApp>>['services']): Promise<string[]> {
  const { db } = database;
  await services.settings.updatePublication({ name: 'The Bench Courier', description: 'Generated news for benchmarks.', timeZone: 'Europe/Berlin', language: 'en-GB' });
  const sectionIds: number[] = [];
  for (const top of ['World', 'Politics', 'Business', 'Sport', 'Culture']) {
    const slug = top.toLowerCase();
    sectionIds.push((await services.sections.createSection({ slug, name: top })).id);
    for (const sub of ['Europe', 'Asia', 'Local']) {
      const child = await services.sections.createSection({ parentPath: slug, slug: sub.toLowerCase(), name: sub });
      sectionIds.push(child.id);
      sectionIds.push((await services.sections.createSection({ parentPath: `${slug}/${sub.toLowerCase()}`, slug: 'briefs', name: `${sub} briefs` })).id);
    }
  }
  const authorIds: number[] = [];
  for (let i = 1; i <= 20; i++) authorIds.push((await services.authors.createAuthor({ slug: `reporter-${i}`, name: `Reporter Number ${i}`, bio: 'Writes for the bench.' })).id);
  const tagIds: number[] = [];
  for (let i = 0; i < 50; i++) tagIds.push((await services.tags.ensureTag(`${WORDS[i]} ${WORDS[i + 10]}`)).id);
  for (const [slug, title] of [['about', 'About us'], ['contact', 'Contact'], ['privacy', 'Privacy']] as const) {
    await services.pages.createPage({ slug, title, body: markdownToDocument(`This is the ${title} page.`) });
  }

  const random = seededRandom(7);
  const word = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  const slugs: string[] = [];
  const start = Date.parse('2020-01-01T00:00:00Z');
  const batch = 500;
  for (let from = 0; from < ARTICLES; from += batch) {
    const count = Math.min(batch, ARTICLES - from);
    const rows: Insertable<Database['articles']>[] = [];
    const paragraphsByRow: string[][] = [];
    for (let i = 0; i < count; i++) {
      const n = from + i + 1;
      const slug = `${word()}-${word()}-${n}`;
      slugs.push(slug);
      const paragraphs = Array.from({ length: 6 }, () => `${capitalise(words(100))}.`);
      paragraphsByRow.push(paragraphs);
      const at = new Date(start + n * 15 * 60_000).toISOString();
      rows.push({
        slug,
        status: 'published',
        kicker: n % 3 === 0 ? capitalise(word()) : null,
        headline: capitalise(words(8)),
        dek: `${capitalise(words(20))}.`,
        seo_title: null,
        seo_description: null,
        social_title: null,
        social_description: null,
        body_json: JSON.stringify({ type: 'doc', content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) }),
        body_text: paragraphs.join('\n\n'),
        word_count: 628,
        lead_image_json: null,
        dateline: n % 2 === 0 ? capitalise(word()) : null,
        primary_section_id: sectionIds[n % sectionIds.length]!,
        published_at: at,
        updated_at: n % 5 === 0 ? new Date(Date.parse(at) + 3_600_000).toISOString() : at,
        created_at: at,
        version: 1,
      });
    }
    await db.transaction().execute(async (trx) => {
      const ids = (await trx.insertInto('articles').values(rows).returning('id').execute()).map((r) => r.id);
      const authorLinks = ids.flatMap((id, i) => (i % 4 === 0 ? [authorIds[id % 20]!, authorIds[(id + 7) % 20]!] : [authorIds[id % 20]!]).map((author_id, position) => ({ article_id: id, author_id, position })));
      const tagLinks = ids.flatMap((id) => [tagIds[id % 50]!, tagIds[(id * 7 + 3) % 50]!, tagIds[(id * 13 + 1) % 50]!].filter((t, k, all) => all.indexOf(t) === k).map((tag_id, position) => ({ article_id: id, tag_id, position })));
      const sectionLinks = ids.filter((id) => id % 10 === 0).map((id) => ({ article_id: id, section_id: sectionIds[(id + 3) % sectionIds.length]!, position: 0 }));
      const corrections = ids.filter((id) => id % 50 === 0).map((id) => ({ article_id: id, body: 'An earlier version misspelt a name.', corrected_at: new Date(start + id * 15 * 60_000 + 7_200_000).toISOString() }));
      await trx.insertInto('article_authors').values(authorLinks).execute();
      await trx.insertInto('article_tags').values(tagLinks).execute();
      if (sectionLinks.length > 0) await trx.insertInto('article_sections').values(sectionLinks).execute();
      if (corrections.length > 0) await trx.insertInto('corrections').values(corrections).execute();
    });
  }
  await sql`analyze`.execute(db);
  return slugs;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: sorted.reduce((s, v) => s + v, 0) / sorted.length };
}

function printTable(rows: DialectResult[]): void {
  console.log(`\n${RENDERS.toLocaleString('en')} uncached renders of random article pages (app.inject), ${ARTICLES.toLocaleString('en')} articles\n`);
  console.log(['dialect', 'target', 'p50 ms', 'p95 ms', 'p99 ms', 'mean ms', 'bytes'].map((h, i) => (i < 2 ? h.padEnd(i ? 34 : 9) : h.padStart(9))).join(''));
  for (const r of rows) {
    for (const [name, s] of [['article page, uncached', r.article], ['baseline: same bytes, trivial route', r.baseline]] as const) {
      console.log(r.dialect.padEnd(9) + name.padEnd(34) + [s.p50, s.p95, s.p99, s.mean].map((v) => v.toFixed(2).padStart(9)).join('') + r.bytes.toFixed(0).padStart(9));
    }
    console.log(`${r.dialect.padEnd(9)}rss after ${DISTINCT_FOR_MEMORY.toLocaleString('en')} distinct pages: ${r.rssMb.toFixed(0)} MB (heap ${r.heapMb.toFixed(0)} MB); generation ${r.generateSeconds.toFixed(1)} s`);
  }
}

function appendResults(rows: DialectResult[]): void {
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
  const label = process.env.BENCH_LABEL ? ` (${process.env.BENCH_LABEL})` : '';
  const lines = [
    '',
    `### bench:render — ${date} UTC${label}`,
    '',
    `${machine}; ${ARTICLES.toLocaleString('en')} articles, ${RENDERS.toLocaleString('en')} random renders via app.inject, PAGE_CACHE_BYTES=0, memory: a fresh server process after serving ${DISTINCT_FOR_MEMORY.toLocaleString('en')} distinct pages over loopback (after GC).`,
    '',
    '| dialect | target | p50 ms | p95 ms | p99 ms | mean ms | rss MB | generate s |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.flatMap((r) => [
      `| ${r.dialect} | article page, uncached | ${r.article.p50.toFixed(2)} | ${r.article.p95.toFixed(2)} | ${r.article.p99.toFixed(2)} | ${r.article.mean.toFixed(2)} | ${r.rssMb.toFixed(0)} | ${r.generateSeconds.toFixed(1)} |`,
      `| ${r.dialect} | baseline (same bytes, trivial route) | ${r.baseline.p50.toFixed(2)} | ${r.baseline.p95.toFixed(2)} | ${r.baseline.p99.toFixed(2)} | ${r.baseline.mean.toFixed(2)} | | |`,
    ]),
    '',
  ];
  appendFileSync(RESULTS_FILE, lines.join('\n'));
}

interface MemoryJob { dataDir: string; databaseUrl?: string; schema?: string; slugs: string[] }

async function measureMemoryInChild(job: MemoryJob): Promise<{ rss: number; heapUsed: number }> {
  const jobFile = join(job.dataDir, 'memory-job.json');
  writeFileSync(jobFile, JSON.stringify(job));
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--serve-distinct', jobFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`memory child exited with ${code}: ${output}`);
  return JSON.parse(output.trim().split('\n').pop()!) as { rss: number; heapUsed: number };
}

/** The child: the app as `npm start` builds it (page cache off), serving each slug once over loopback. */
async function serveDistinctPages(job: MemoryJob): Promise<void> {
  const database = await createDatabase(job.databaseUrl ? { databaseUrl: job.databaseUrl, dataDir: job.dataDir, postgresSchema: job.schema! } : { dataDir: job.dataDir });
  const config = loadConfig({ env: { DATA_DIR: job.dataDir, PAGE_CACHE_BYTES: '0', DEMO_CONTENT: 'false', LOG_LEVEL: 'silent', PUBLIC_URL: 'http://news.bench', CONFIG_FILE: '' } });
  const { app } = await buildApp({ config, database, logger: false, scheduler: false });
  const startRss = process.memoryUsage().rss;
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  for (const slug of job.slugs) {
    const response = await fetch(`${address}/articles/${slug}`);
    if (response.status !== 200) throw new Error(`/articles/${slug} answered ${response.status}`);
    await response.arrayBuffer();
  }
  collectGarbage();
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  // Where the resident memory is, for the record (stderr: the parent reads stdout's last line).
  console.error(`memory child: rss ${mb(rss)} MB = V8 heap ${mb(heapTotal)} MB committed (${mb(heapUsed)} used) + external ${mb(external)} MB + code, native and allocator slack ${mb(rss - heapTotal - external)} MB; before serving: rss ${mb(startRss)} MB`);
  await app.close();
  await database.close();
  console.log(JSON.stringify({ rss, heapUsed }));
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Mulberry32: the same "random" pages every run. */
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
