// npm run bench:topics — cost of topic detection and of the Editor's Picks / topics blocks.
// 1. Detection: detectTopics() on BENCH_TOPIC_STORIES (default 300) real BBC stories from
//    ../shared/corpus, against a baseline in the same run: compromise's parse alone (nlp(text)),
//    the part no entity extraction can avoid.
// 2. Article page render without the page cache (SQLite, in-process inject), BENCH_RENDERS
//    (default 1,000) renders: baseline = the same story before topics and collections exist;
//    then with 8 topics and a 4-story Editor's Picks block.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import nlp from 'compromise';
import { buildApp, openDatabase } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';
import { markdownToDocument } from '../src/rich-text/index.js';
import { detectTopics } from '../src/topics/index.js';

const STORIES = Number(process.env.BENCH_TOPIC_STORIES ?? 300);
const RENDERS = Number(process.env.BENCH_RENDERS ?? 1_000);

interface Stats { p50: number; p95: number; mean: number }
function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}
const fmt = (s: Stats) => `p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, mean ${s.mean.toFixed(2)} ms`;

const corpus = readFileSync(new URL('../../shared/corpus/news/bbc-fulltext.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .slice(0, STORIES)
  .map((l) => JSON.parse(l) as { title: string; body: string });

// --- 1. detection -------------------------------------------------------------------------
for (const story of corpus.slice(0, 20)) await detectTopics({ title: story.title, text: story.body }); // warm-up
const parse: number[] = [];
const detect: number[] = [];
let found = 0;
for (const story of corpus) {
  let start = performance.now();
  nlp(`${story.title}\n\n${story.body}`);
  parse.push(performance.now() - start);
  start = performance.now();
  found += (await detectTopics({ title: story.title, text: story.body })).length;
  detect.push(performance.now() - start);
}
const parseStats = stats(parse);
const detectStats = stats(detect);
console.log(`detection on ${corpus.length} BBC stories (${(found / corpus.length).toFixed(1)} topics each)`);
console.log(`  baseline compromise parse: ${fmt(parseStats)}`);
console.log(`  detectTopics:              ${fmt(detectStats)}`);
console.log(`  ratio (mean): ${(detectStats.mean / parseStats.mean).toFixed(2)}× the parse alone; ~${Math.round(1000 / detectStats.mean)} stories/s on one core`);

// --- 2. article page render ---------------------------------------------------------------
const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-topics-bench-'));
const config = loadConfig({ env: { DATA_DIR: dataDir, LOG_LEVEL: 'silent', CONFIG_FILE: '', PAGE_CACHE_BYTES: '0', SITE_CONTEXT_CACHE_MS: '1000' } });
const database = await openDatabase(config);
const built = await buildApp({ config, database, logger: false });
await built.app.ready();
const { services } = built;
const section = await services.sections.createSection({ slug: 'news', name: 'News', description: 'News.', position: 0 });
const ids: number[] = [];
for (const [index, story] of corpus.slice(0, 30).entries()) {
  const article = await services.articles.createArticle(
    { slug: `story-${index}`, headline: story.title, dek: '', body: markdownToDocument(story.body), primarySectionId: section.id, status: 'published', publishedAt: new Date(Date.UTC(2026, 0, 1, index)).toISOString() },
    { notify: false },
  );
  ids.push(article.id);
}
const render = async (label: string): Promise<Stats> => {
  for (let i = 0; i < 50; i++) await built.app.inject({ method: 'GET', url: '/articles/story-0' });
  const samples: number[] = [];
  for (let i = 0; i < RENDERS; i++) {
    const start = performance.now();
    const response = await built.app.inject({ method: 'GET', url: '/articles/story-0' });
    samples.push(performance.now() - start);
    if (response.statusCode !== 200) throw new Error(`${label}: ${response.statusCode}`);
  }
  return stats(samples);
};
const before = await render('baseline');
const reindexStart = performance.now();
await services.topics.reindexAllTopics();
const reindexMs = performance.now() - reindexStart;
const change = { actor: { system: 'cli' as const }, audit: services.audit };
await services.collections.createCollection({ name: 'editors-picks', section_id: section.id, items: ids.slice(1, 6).map((id) => ({ article_id: id })) }, change);
const page = await built.app.inject({ method: 'GET', url: '/articles/story-0' });
if (!page.body.includes('data-block="in-this-story"') || !page.body.includes('slot--editors-picks')) throw new Error('blocks not shown');
const after = await render('with blocks');
console.log(`article page render, page cache off, ${RENDERS} renders (SQLite)`);
console.log(`  baseline (no topics, no picks): ${fmt(before)}`);
console.log(`  with topics + Editor's Picks:   ${fmt(after)}`);
console.log(`  ratio (mean): ${(after.mean / before.mean).toFixed(2)}×`);
console.log(`reindexAllTopics over ${ids.length} stories: ${(reindexMs / ids.length).toFixed(1)} ms per story`);

await built.app.close();
await database.close();
rmSync(dataDir, { recursive: true, force: true });
