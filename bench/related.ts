// npm run bench:related — quality and speed of Related stories.
// 1. Imports the 2,225 BBC stories of ../shared/corpus/news/bbc-fulltext.jsonl (category → section,
//    title → headline, body → body) into a fresh temporary SQLite database, computes Related for
//    every story with the product's own code (services.related.reindexAll), and prints
//    precision@5 (share of the top 5 in the story's category; near-duplicates excluded) for our
//    algorithm and for a plain TF-IDF cosine baseline computed in the same run.
// 2. Generates BENCH_RELATED_STORIES (default 10,000) stories by recombining corpus sentences and
//    times computing Related for all of them (target: under 60 s).
// BENCH_NO_APPEND=1 skips appending the results to bench/RESULTS.md.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Insertable } from 'kysely';
import { createAppServices } from '../src/app-services.js';
import { systemClock } from '../src/platform/clock.js';
import { createDatabase } from '../src/platform/db/create-db.js';
import type { DatabaseHandle } from '../src/platform/db/create-db.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import type { ArticlesTable } from '../src/platform/db/tables.js';
import { buildRelatedIndex, findRelated, prepareDocument, tokenize } from '../src/related/index.js';

const CORPUS = new URL('../../shared/corpus/news/bbc-fulltext.jsonl', import.meta.url);
const SCALE = Number(process.env.BENCH_RELATED_STORIES ?? 10_000);
const RESULTS_FILE = new URL('./RESULTS.md', import.meta.url);
const SKIP_APPEND = process.env.BENCH_NO_APPEND === '1';
const K = 5;

interface Story {
  category: string;
  title: string;
  body: string;
}

const stories: Story[] = readFileSync(CORPUS, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Story);
const categories = [...new Set(stories.map((s) => s.category))].sort();

/** A small deterministic PRNG (mulberry32), so runs are comparable. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function freshDatabase(): Promise<{ database: DatabaseHandle; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-related-'));
  const database = await createDatabase({ dataDir: dir });
  await migrateToLatest(database.db);
  return { database, dir };
}

/** Inserts stories in batches (the bench measures Related, not the editor's save path). Returns ids in input order. */
async function insertStories(database: DatabaseHandle, input: Story[], sectionIds: Map<string, number>, rand: () => number): Promise<number[]> {
  const ids: number[] = [];
  const base = Date.UTC(2005, 0, 1);
  for (let i = 0; i < input.length; i += 200) {
    const rows: Insertable<ArticlesTable>[] = input.slice(i, i + 200).map((story, j) => {
      const n = i + j;
      const paragraphs = story.body.split(/\n+/).filter((p) => p.trim() !== '');
      // Stories spread over a year, in random order: the recency prior sees no category signal.
      const publishedAt = new Date(base - Math.floor(rand() * 365 * 86_400_000)).toISOString();
      return {
        slug: `story-${n + 1}`,
        status: 'published',
        kicker: null,
        headline: story.title,
        dek: '',
        seo_title: null,
        seo_description: null,
        social_title: null,
        social_description: null,
        body_json: JSON.stringify({ type: 'doc', content: paragraphs.map((p) => ({ type: 'paragraph', content: [{ type: 'text', text: p }] })) }),
        body_text: paragraphs.join('\n\n'),
        word_count: story.body.split(/\s+/).length,
        lead_image_json: null,
        dateline: null,
        primary_section_id: sectionIds.get(story.category) as number,
        published_at: publishedAt,
        updated_at: publishedAt,
        created_at: publishedAt,
      };
    });
    const inserted = await database.db.insertInto('articles').values(rows).returning('id').execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

async function createSections(services: ReturnType<typeof createAppServices>): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const [position, category] of categories.entries()) {
    const section = await services.sections.createSection({ slug: category, name: category[0]!.toUpperCase() + category.slice(1), description: '', position });
    ids.set(category, section.id);
  }
  return ids;
}

/** Plain TF-IDF cosine: raw term counts of title and body (the same tokenizer), idf = ln(N/df), no fields, no sections, no recency. */
function tfidfBaseline(docs: Story[]): number[][] {
  const vocab = new Map<string, number>();
  const counts = docs.map((d) => {
    const tf = new Map<number, number>();
    for (const { stem } of tokenize(`${d.title}\n${d.body}`)) {
      let id = vocab.get(stem);
      if (id === undefined) vocab.set(stem, (id = vocab.size));
      tf.set(id, (tf.get(id) ?? 0) + 1);
    }
    return tf;
  });
  const df = new Float64Array(vocab.size);
  for (const tf of counts) for (const id of tf.keys()) df[id]! += 1;
  const vectors = counts.map((tf) => {
    const entries = [...tf].map(([id, c]) => [id, c * Math.log(docs.length / df[id]!)] as [number, number]);
    const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
    return entries.map(([id, w]) => [id, w / norm] as [number, number]);
  });
  const postings: [number, number][][] = Array.from({ length: vocab.size }, () => []);
  vectors.forEach((v, d) => v.forEach(([id, w]) => postings[id]!.push([d, w])));
  const titleKey = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return vectors.map((v, self) => {
    const scores = new Float64Array(docs.length);
    for (const [id, w] of v) for (const [d, dw] of postings[id]!) scores[d]! += w * dw;
    const order = [...scores.keys()].filter((d) => d !== self && scores[d]! > 0).sort((a, b) => scores[b]! - scores[a]!);
    const out: number[] = [];
    for (const d of order) {
      if (out.length >= K) break;
      // Near-duplicates left out, as in ours.
      if (scores[d]! > 0.9 || titleKey(docs[d]!.title) === titleKey(docs[self]!.title)) continue;
      out.push(d);
    }
    return out;
  });
}

function precisionAt5(lists: number[][], categoryOf: (i: number) => string): { precision: number; short: number } {
  let sum = 0;
  let counted = 0;
  let short = 0;
  lists.forEach((list, i) => {
    const top = list.slice(0, K);
    if (top.length < K) short++;
    if (top.length === 0) return;
    sum += top.filter((j) => categoryOf(j) === categoryOf(i)).length / top.length;
    counted++;
  });
  return { precision: counted > 0 ? sum / counted : 0, short };
}

/** New stories made of sentences of 3 stories of one category, under a headline of one of them. */
function generate(count: number, rand: () => number): Story[] {
  const byCategory = new Map(categories.map((c) => [c, stories.filter((s) => s.category === c)]));
  const sentencesOf = (s: Story) => s.body.split(/(?<=[.!?])\s+/).filter((x) => x.length > 20);
  const out: Story[] = [];
  for (let i = 0; i < count; i++) {
    const category = categories[Math.floor(rand() * categories.length)]!;
    const pool = byCategory.get(category)!;
    const sources = [0, 1, 2].map(() => pool[Math.floor(rand() * pool.length)]!);
    const sentences = sources.flatMap((s) => sentencesOf(s).filter(() => rand() < 0.5));
    for (let j = sentences.length - 1; j > 0; j--) {
      const k = Math.floor(rand() * (j + 1));
      [sentences[j], sentences[k]] = [sentences[k]!, sentences[j]!];
    }
    const paragraphs: string[] = [];
    for (let j = 0; j < sentences.length; j += 3) paragraphs.push(sentences.slice(j, j + 3).join(' '));
    out.push({ category, title: `${sources[0]!.title} (${i + 1})`, body: paragraphs.join('\n\n') });
  }
  return out;
}

async function main(): Promise<void> {
  console.log(`bench:related — ${stories.length} BBC stories in ${categories.length} categories; ${cpus().length} cores, Node ${process.versions.node}`);

  // 1. Quality on the labelled corpus.
  const quality = await freshDatabase();
  let ours: { precision: number; short: number };
  let baseline: { precision: number; short: number };
  let textOnly: { precision: number; short: number };
  let qualitySeconds: number;
  try {
    const services = createAppServices({ db: quality.database.db, clock: systemClock });
    const sections = await createSections(services);
    const ids = await insertStories(quality.database, stories, sections, random(1));
    const indexOf = new Map(ids.map((id, i) => [id, i]));
    const started = performance.now();
    await services.related.reindexAll();
    qualitySeconds = (performance.now() - started) / 1000;
    const lists = await Promise.all(ids.map(async (id) => (await services.related.listRelated(id)).map((e) => indexOf.get(e.id)!)));
    ours = precisionAt5(lists, (i) => stories[i]!.category);
    // Ablation: our text model alone (no section, no tags, same recency prior), from the pure module.
    const textOnlyIndex = buildRelatedIndex(
      stories.map((story, i) => prepareDocument({ id: i, headline: story.title, dek: '', body: story.body, tags: [], sectionIds: [], sectionPath: [], sectionName: '', publishedAt: 0 })),
    );
    textOnly = precisionAt5(stories.map((_, i) => findRelated(textOnlyIndex, i, { limit: K }).map((c) => c.id)), (i) => stories[i]!.category);
    const baselineStarted = performance.now();
    baseline = precisionAt5(tfidfBaseline(stories), (i) => stories[i]!.category);
    console.log(`baseline computed in ${((performance.now() - baselineStarted) / 1000).toFixed(1)} s`);
  } finally {
    await quality.database.close();
    rmSync(quality.dir, { recursive: true, force: true });
  }
  console.log(`precision@5  ours ${ours.precision.toFixed(4)} (target ≥ 0.95)  TF-IDF cosine baseline ${baseline.precision.toFixed(4)}  ratio ${(ours.precision / baseline.precision).toFixed(3)}`);
  console.log(`  ours without section information (text model only): ${textOnly.precision.toFixed(4)}`);
  console.log(`  stories with fewer than 5 related: ours ${ours.short}, baseline ${baseline.short}; reindex of ${stories.length} took ${qualitySeconds.toFixed(1)} s`);

  // 2. Speed at scale.
  const scale = await freshDatabase();
  let scaleSeconds: number;
  let scaleResult: Awaited<ReturnType<ReturnType<typeof createAppServices>['related']['reindexAll']>>;
  try {
    const services = createAppServices({ db: scale.database.db, clock: systemClock });
    const sections = await createSections(services);
    const generated = generate(SCALE, random(2));
    const insertStarted = performance.now();
    await insertStories(scale.database, generated, sections, random(3));
    console.log(`generated and stored ${SCALE.toLocaleString('en')} stories in ${((performance.now() - insertStarted) / 1000).toFixed(1)} s`);
    const started = performance.now();
    let lastShown = 0;
    scaleResult = await services.related.reindexAll(({ done, total }) => {
      if (done - lastShown >= 2_500 || (done === total && lastShown !== total)) {
        lastShown = done;
        console.log(`  ${done}/${total} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      }
    });
    scaleSeconds = (performance.now() - started) / 1000;
  } finally {
    await scale.database.close();
    rmSync(scale.dir, { recursive: true, force: true });
  }
  console.log(`Related for all ${scaleResult.articles.toLocaleString('en')} stories (load, index, compute, store): ${scaleSeconds.toFixed(1)} s (target < 60 s); ${scaleResult.short} with fewer than 4`);

  if (!SKIP_APPEND) {
    const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
    appendFileSync(
      RESULTS_FILE,
      [
        '',
        `### bench:related — ${when} UTC`,
        '',
        `${cpus().length} cores, Node ${process.versions.node}, SQLite. Machine shared with parallel work unless noted.`,
        '',
        '| measure | ours | TF-IDF cosine baseline | ratio | target |',
        '|---|---:|---:|---:|---|',
        `| precision@5 on ${stories.length} BBC stories (same category, near-duplicates excluded) | ${ours.precision.toFixed(4)} | ${baseline.precision.toFixed(4)} | ${(ours.precision / baseline.precision).toFixed(3)} | ≥ 0.95 |`,
        `| precision@5, our text model alone (no section information) | ${textOnly.precision.toFixed(4)} | ${baseline.precision.toFixed(4)} | ${(textOnly.precision / baseline.precision).toFixed(3)} | |`,
        `| Related for ${SCALE.toLocaleString('en')} generated stories, all (load, index, compute, store) | ${scaleSeconds.toFixed(1)} s | | | < 60 s |`,
        '',
      ].join('\n'),
    );
  }
}

await main();
