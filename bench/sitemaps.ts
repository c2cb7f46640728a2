// npm run bench:sitemaps — time to generate every sitemap (index, all monthly article sitemaps,
// listings, Google News) for BENCH_ARTICLES (default 100,000) published stories, through the real
// code in src/feeds, on a temporary SQLite database. Target: under 2 s for 100,000 stories.
// Baseline in the same run: one raw `SELECT slug, updated_at` over the same stories joined into
// <url> strings, i.e. the least any sitemap generator must do.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import { createAppServices } from '../src/app-services.js';
import { loadArticleMonthSitemap, loadListingSitemap, loadNewsSitemap, loadSitemapIndex, LISTING_SITEMAPS } from '../src/feeds/load-sitemaps.js';
import { createDatabase } from '../src/platform/db/create-db.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import type { Database } from '../src/platform/db/tables.js';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SKIP_APPEND = process.env.BENCH_NO_APPEND === '1';
const PUBLIC_URL = 'https://news.example';
const START = Date.parse('2023-01-01T00:00:00Z');
const STEP_MS = 15 * 60_000;
/** "Now" is just after the newest story, so the news sitemap has its full 48 hours. */
const NOW = new Date(START + (ARTICLES + 1) * STEP_MS);

const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-sitemaps-'));
const database = await createDatabase({ dataDir });
try {
  await migrateToLatest(database.db);
  const services = createAppServices({ db: database.db, clock: { now: () => NOW } });
  const seedStart = performance.now();
  await seed(services, database.db);
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const real: number[] = [];
  const baseline: number[] = [];
  let files = 0;
  let urls = 0;
  let bytes = 0;
  for (let run = 0; run < RUNS + 1; run++) {
    // Run 0 warms caches and the JIT and is not counted.
    let t = performance.now();
    const generated = await generateAll(services);
    if (run > 0) real.push(performance.now() - t);
    ({ files, urls, bytes } = generated);
    t = performance.now();
    const raw = await rawBaseline(database.db);
    if (run > 0) baseline.push(performance.now() - t);
    if (raw.urls !== ARTICLES) throw new Error(`baseline saw ${raw.urls} stories, expected ${ARTICLES}`);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const result = { real: median(real), baseline: median(baseline), files, urls, bytes, seedSeconds };
  console.log(`\n${ARTICLES.toLocaleString('en')} stories, seeded in ${seedSeconds.toFixed(1)} s; median of ${RUNS} runs`);
  console.log(`all sitemaps through src/feeds: ${result.real.toFixed(0)} ms (${files} files, ${urls.toLocaleString('en')} <url>s, ${(bytes / 1e6).toFixed(1)} MB)`);
  console.log(`baseline (raw SELECT slug, updated_at + string join): ${result.baseline.toFixed(0)} ms`);
  console.log(`ratio real / baseline: ${(result.real / result.baseline).toFixed(2)}; target: under 2000 ms → ${result.real < 2000 ? 'met' : 'NOT met'}`);
  if (!SKIP_APPEND) append(result);
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}

type Services = ReturnType<typeof createAppServices>;

/** What a crawler fetching everything would make the server generate. */
async function generateAll(services: Services): Promise<{ files: number; urls: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  let urls = 0;
  const count = (body: string) => {
    files++;
    bytes += Buffer.byteLength(body);
    urls += body.split('<url>').length - 1;
  };
  const index = await loadSitemapIndex(services, PUBLIC_URL);
  count(index.body);
  for (const match of index.body.matchAll(/\/sitemaps\/articles-(\d{4})-(\d{2})\.xml/g)) {
    const file = await loadArticleMonthSitemap(services, PUBLIC_URL, { year: Number(match[1]), month: Number(match[2]) });
    if (!file) throw new Error(`month ${match[1]}-${match[2]} listed but empty`);
    count(file.body);
  }
  for (const name of LISTING_SITEMAPS) count((await loadListingSitemap(services, PUBLIC_URL, name)).body);
  count((await loadNewsSitemap(services, PUBLIC_URL, NOW)).body);
  return { files, urls, bytes };
}

async function rawBaseline(db: typeof database.db): Promise<{ urls: number; bytes: number }> {
  const { rows } = await sql<{ slug: string; updated_at: string }>`select slug, updated_at from articles where status = 'published' order by published_at`.execute(db);
  const body = rows.map((r) => `<url><loc>${PUBLIC_URL}/articles/${r.slug}</loc><lastmod>${r.updated_at}</lastmod></url>`).join('\n');
  return { urls: rows.length, bytes: body.length };
}

async function seed(services: Services, db: typeof database.db): Promise<void> {
  const sectionIds: number[] = [];
  for (const slug of ['world', 'politics', 'business', 'sport', 'culture']) {
    sectionIds.push((await services.sections.createSection({ slug, name: slug[0]!.toUpperCase() + slug.slice(1) })).id);
  }
  const authorIds: number[] = [];
  for (let i = 1; i <= 20; i++) authorIds.push((await services.authors.createAuthor({ slug: `reporter-${i}`, name: `Reporter ${i}` })).id);
  const body = JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'A generated story.' }] }] });
  const batch = 2000;
  for (let from = 0; from < ARTICLES; from += batch) {
    const rows: Insertable<Database['articles']>[] = [];
    for (let n = from + 1; n <= Math.min(from + batch, ARTICLES); n++) {
      const at = new Date(START + n * STEP_MS).toISOString();
      rows.push({
        slug: `generated-story-number-${n}`,
        status: 'published',
        kicker: null,
        headline: `Generated story number ${n} & more`,
        dek: '',
        seo_title: null,
        seo_description: null,
        social_title: null,
        social_description: null,
        body_json: body,
        body_text: 'A generated story.',
        word_count: 7,
        // Every third story has a lead image, which becomes an <image:image> entry.
        lead_image_json: n % 3 === 0 ? JSON.stringify({ src: `/media/img-${n}/original.jpg`, alt: `Picture ${n}` }) : null,
        dateline: null,
        primary_section_id: sectionIds[n % sectionIds.length]!,
        published_at: at,
        updated_at: n % 5 === 0 ? new Date(Date.parse(at) + 3_600_000).toISOString() : at,
        created_at: at,
        version: 1,
      });
    }
    await db.transaction().execute(async (trx) => {
      // SQLite binds at most 32,766 parameters per statement: insert in slices.
      const ids: number[] = [];
      for (let i = 0; i < rows.length; i += 1000) ids.push(...(await trx.insertInto('articles').values(rows.slice(i, i + 1000)).returning('id').execute()).map((r) => r.id));
      const links = ids.map((id) => ({ article_id: id, author_id: authorIds[id % authorIds.length]!, position: 0 }));
      for (let i = 0; i < links.length; i += 5000) await trx.insertInto('article_authors').values(links.slice(i, i + 5000)).execute();
    });
  }
  await sql`analyze`.execute(db);
}

function append(result: { real: number; baseline: number; files: number; urls: number; bytes: number; seedSeconds: number }): void {
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  appendFileSync(
    new URL('./RESULTS.md', import.meta.url),
    `\n### bench:sitemaps — ${when} UTC (machine shared with parallel work)\n\n` +
      `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}; ${ARTICLES.toLocaleString('en')} published stories on SQLite (seeded in ${result.seedSeconds.toFixed(1)} s), median of ${RUNS} runs.\n\n` +
      `| target | ms | files | urls | MB |\n|---|---:|---:|---:|---:|\n` +
      `| every sitemap through src/feeds (index, monthly, listings, news) | ${result.real.toFixed(0)} | ${result.files} | ${result.urls} | ${(result.bytes / 1e6).toFixed(1)} |\n` +
      `| baseline: raw \`SELECT slug, updated_at\` + string join | ${result.baseline.toFixed(0)} | 1 | ${ARTICLES} | |\n\n` +
      `- real / baseline = **${(result.real / result.baseline).toFixed(2)}**; target under 2,000 ms: ${result.real < 2000 ? 'met' : '**not met**'}.\n`,
  );
}
