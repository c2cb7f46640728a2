import { join } from 'node:path';
import { createAppServices } from '../app-services.js';
import type { AppServices } from '../app-services.js';
import { systemClock } from '../platform/clock.js';
import type { Clock } from '../platform/clock.js';
import type { DatabaseHandle } from '../platform/db/create-db.js';
import { markdownToBlocks } from '../rich-text/index.js';
import type { BlockNode, RichTextDocument } from '../rich-text/index.js';
import { demoArticles, demoAuthors, demoPages, demoPublication, demoSections } from './demo-content.js';
import type { DemoBodyBlock, DemoSection } from './demo-content-types.js';
import { writeDemoImage, writeDemoPortrait } from './draw-demo-image.js';
import { seedDemoPublicReaction } from './extras/seed-public-reaction.js';
import { seedDemoRelated } from './extras/seed-related.js';
import { seedDemoTopicsAndPicks } from './extras/seed-topics-and-picks.js';
import { seedDemoViews } from './extras/seed-views.js';

export interface SeedResult {
  sections: number;
  authors: number;
  articles: number;
  pages: number;
}

const HOUR_MS = 3_600_000;

/** True when the publication has no stories and no sections yet: the demo may be seeded into it. */
export async function isEmptyPublication(database: DatabaseHandle): Promise<boolean> {
  return isEmpty(createAppServices({ db: database.db, clock: systemClock }));
}

async function isEmpty(services: AppServices): Promise<boolean> {
  return (await services.articles.countAll()) === 0 && (await services.sections.getTree()).byId.size === 0;
}

/**
 * Seeds the demo newspaper into an empty database. Returns null, touching nothing, when the
 * database already has sections or articles, so a second start keeps the data it has.
 */
export async function seedDemoIfEmpty(input: { database: DatabaseHandle; dataDir: string; clock?: Clock; log?: (line: string) => void }): Promise<SeedResult | null> {
  const clock = input.clock ?? systemClock;
  const services = createAppServices({ db: input.database.db, clock });
  const log = input.log ?? (() => undefined);
  if (!(await isEmpty(services))) return null;
  const mediaDir = join(input.dataDir, 'media');
  const now = clock.now().getTime();

  log('Seeding the demo newspaper (drawing images locally)…');
  await services.settings.updatePublication({ ...demoPublication, logoUrl: null });
  const sectionIds = new Map<string, number>();
  await seedSections(services, demoSections, undefined, sectionIds);

  const authorIds = new Map<string, number>();
  for (const author of demoAuthors) {
    const photoUrl = await writeDemoPortrait(mediaDir, author.slug);
    const created = await services.authors.createAuthor({ ...author, photoUrl });
    authorIds.set(author.slug, created.id);
  }

  // Drawing and encoding pictures is most of the seeding time; sharp runs it on libuv's thread
  // pool, so several articles are drawn at once.
  const ordered = [...demoArticles].sort((a, b) => b.publishedHoursAgo - a.publishedHoursAgo);
  const drawn = await mapWithConcurrency(ordered, 4, async (demo) => ({
    leadImage: await writeDemoImage({ mediaDir, name: demo.slug, ...demo.lead }),
    body: await buildBody(demo.body, mediaDir, demo.slug),
  }));

  const tagIds = new Map<string, number>();
  for (const [index, demo] of ordered.entries()) {
    const lookup = (map: Map<string, number>, key: string, what: string): number => {
      const id = map.get(key);
      if (id === undefined) throw new Error(`Demo article "${demo.slug}" names unknown ${what} "${key}"`);
      return id;
    };
    for (const tag of demo.tags) if (!tagIds.has(tag)) tagIds.set(tag, (await services.tags.ensureTag(tag)).id);
    const { leadImage, body } = drawn[index]!;
    const publishedAt = now - demo.publishedHoursAgo * HOUR_MS;
    await services.articles.createArticle({
      slug: demo.slug,
      status: 'published',
      kicker: demo.kicker ?? null,
      headline: demo.headline,
      dek: demo.dek,
      body,
      leadImage,
      dateline: demo.dateline ?? null,
      primarySectionId: lookup(sectionIds, demo.section, 'section'),
      secondarySectionIds: (demo.secondarySections ?? []).map((path) => lookup(sectionIds, path, 'section')),
      authorIds: demo.authors.map((slug) => lookup(authorIds, slug, 'author')),
      tagIds: demo.tags.map((tag) => lookup(tagIds, tag, 'tag')),
      publishedAt: new Date(publishedAt).toISOString(),
      updatedAt: new Date(publishedAt + (demo.updatedHoursAfter ?? 0) * HOUR_MS).toISOString(),
      corrections: (demo.corrections ?? []).map((c) => ({ body: c.text, correctedAt: new Date(publishedAt + c.hoursAfterPublication * HOUR_MS).toISOString() })),
    });
  }
  log(`  ${ordered.length} articles`);

  for (const page of demoPages) {
    await services.pages.createPage({ slug: page.slug, title: page.title, body: await buildBody(page.body, mediaDir, `page-${page.slug}`) });
  }
  // Discovery and public reaction, so every block of the article page shows on first start.
  await seedDemoTopicsAndPicks(services, clock, log);
  await seedDemoRelated(services, clock, log);
  await seedDemoViews(services, clock, log);
  await seedDemoPublicReaction(services, clock, log);
  return { sections: sectionIds.size, authors: authorIds.size, articles: demoArticles.length, pages: demoPages.length };
}

async function seedSections(services: AppServices, sections: DemoSection[], parentPath: string | undefined, ids: Map<string, number>): Promise<void> {
  for (const [position, section] of sections.entries()) {
    const row = await services.sections.createSection({ parentPath, slug: section.slug, name: section.name, description: section.description, position });
    ids.set(row.path, row.id);
    if (section.children) await seedSections(services, section.children, row.path, ids);
  }
}

async function buildBody(blocks: DemoBodyBlock[], mediaDir: string, name: string): Promise<RichTextDocument> {
  const content: BlockNode[] = [];
  let figure = 0;
  for (const block of blocks) {
    if (typeof block === 'string') {
      content.push(...markdownToBlocks(block));
    } else if ('pullQuote' in block) {
      content.push({ type: 'pullQuote', ...(block.attribution ? { attrs: { attribution: block.attribution } } : {}), content: [{ type: 'text', text: block.pullQuote }] });
    } else {
      figure += 1;
      content.push({ type: 'image', attrs: await writeDemoImage({ mediaDir, name: `${name}-figure-${figure}`, ...block.figure }) });
    }
  }
  return { type: 'doc', content };
}

async function mapWithConcurrency<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
