// npm run bench:import — imports BENCH_POSTS (default 10,000) generated WordPress posts from one
// WXR file into a fresh SQLite database, through the real streaming reader and import service
// (which parse the file twice: a check pass, then the import). Baseline in the same run: stream-
// parsing the same file with saxes (the reader) without storing anything. Target: under 30 s.
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createImportService, createImportStore, readWxr, wordPressSource } from '../src/imports/index.js';
import { systemClock } from '../src/platform/clock.js';
import { createDatabase } from '../src/platform/db/create-db.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';

const POSTS = Number(process.env.BENCH_POSTS ?? 10_000);
const TARGET_S = 30;
const WORDS = 'the minister said council river valley water budget school road market harvest winter border election court report police hospital village city mountain bridge railway energy price farmers teachers students'.split(' ');

function words(seed: number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += `${WORDS[(seed * 31 + i * 7) % WORDS.length]} `;
  return out.trim();
}

async function generate(path: string): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench</title><link>https://bench.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example</wp:base_site_url>
`);
  for (let a = 0; a < 5; a++) await write(`<wp:author><wp:author_id>${a + 1}</wp:author_id><wp:author_login><![CDATA[author${a}]]></wp:author_login><wp:author_display_name><![CDATA[Author ${a}]]></wp:author_display_name></wp:author>\n`);
  for (let c = 0; c < 20; c++) await write(`<wp:category><wp:term_id>${c + 1}</wp:term_id><wp:category_nicename><![CDATA[cat-${c}]]></wp:category_nicename><wp:category_parent><![CDATA[${c >= 5 ? `cat-${c % 5}` : ''}]]></wp:category_parent><wp:cat_name><![CDATA[Category ${c}]]></wp:cat_name></wp:category>\n`);
  for (let t = 0; t < 50; t++) await write(`<wp:tag><wp:term_id>${100 + t}</wp:term_id><wp:tag_slug><![CDATA[tag-${t}]]></wp:tag_slug><wp:tag_name><![CDATA[Tag ${t}]]></wp:tag_name></wp:tag>\n`);
  for (let i = 1; i <= POSTS; i++) {
    const day = new Date(Date.UTC(2015, 0, 1) + i * 3_600_000).toISOString();
    const date = `${day.slice(0, 10)} ${day.slice(11, 19)}`;
    const body = Array.from({ length: 6 }, (_, p) => words(i + p, 60)).join('\n\n');
    const comments = i % 10 === 0 ? `<wp:comment><wp:comment_id>${i * 10}</wp:comment_id><wp:comment_author><![CDATA[Reader]]></wp:comment_author><wp:comment_date_gmt>${date}</wp:comment_date_gmt><wp:comment_content><![CDATA[Nice.]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>` : '';
    await write(`<item><title>${words(i, 8)} ${i}</title><link>https://bench.example/${date.slice(0, 10).replace(/-/g, '/')}/post-${i}/</link><dc:creator><![CDATA[author${i % 5}]]></dc:creator><guid isPermaLink="false">https://bench.example/?p=${i}</guid><content:encoded><![CDATA[${body}]]></content:encoded><excerpt:encoded><![CDATA[${words(i, 20)}]]></excerpt:encoded><wp:post_id>${i}</wp:post_id><wp:post_date_gmt>${date}</wp:post_date_gmt><wp:post_name>post-${i}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><category domain="category" nicename="cat-${i % 20}"><![CDATA[Category ${i % 20}]]></category><category domain="post_tag" nicename="tag-${i % 50}"><![CDATA[Tag ${i % 50}]]></category>${comments}</item>\n`);
  }
  await write('</channel></rss>\n');
  out.end();
  await once(out, 'finish');
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

const dir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-import-'));
try {
  const file = join(dir, 'bench.xml');
  let t = performance.now();
  await generate(file);
  console.log(`generated ${POSTS} posts: ${(statSync(file).size / 1e6).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  t = performance.now();
  let cpu = process.cpuUsage();
  let items = 0;
  for await (const event of readWxr(file)) if (event.type === 'item') items++;
  const parseS = (performance.now() - t) / 1000;
  const parseCpu = cpuSeconds(process.cpuUsage(cpu));
  console.log(`baseline: stream-parse only (saxes, nothing stored): ${items} items in ${parseS.toFixed(2)} s (${Math.round(items / parseS)} posts/s); CPU ${parseCpu.toFixed(2)} s`);

  const database = await createDatabase({ dataDir: dir });
  await migrateToLatest(database.db);
  const service = createImportService({ store: createImportStore(database.db), clock: systemClock });
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  t = performance.now();
  cpu = process.cpuUsage();
  const report = await service.runImport(wordPressSource(file), { onProgress: () => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)) });
  const importS = (performance.now() - t) / 1000;
  const importCpu = cpuSeconds(process.cpuUsage(cpu));
  await database.close();
  console.log(`import into fresh SQLite: ${report.counts.articles.created} articles, ${report.counts.comments.created} comments, ${report.counts.legacyUrls} old URLs in ${importS.toFixed(2)} s (${Math.round(report.counts.articles.created / importS)} posts/s); CPU ${importCpu.toFixed(2)} s; peak heap ${Math.round(peakHeap / 1e6)} MB`);
  console.log(`ratio import / parse-only: ${(importS / parseS).toFixed(1)}× wall, ${(importCpu / parseCpu).toFixed(1)}× CPU; target < ${TARGET_S} s: ${importS < TARGET_S ? 'met' : 'NOT met'}`);
  if (report.counts.articles.created !== POSTS || report.skipped.length > 0) {
    console.error(`unexpected: ${report.counts.articles.created} of ${POSTS} imported, ${report.skipped.length} skipped`);
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
