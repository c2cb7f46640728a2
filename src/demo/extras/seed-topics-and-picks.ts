import type { AppServices } from '../../app-services.js';
import { EDITORS_PICKS, HOMEPAGE_LEAD } from '../../collections/index.js';
import type { Clock } from '../../platform/clock.js';
import { sectionWithDescendants } from '../../sections/index.js';

/** Sections that get their own Editor's Picks in the demo (the rest fall back to the site-wide picks). */
const SECTION_PICKS = ['world', 'business', 'science'];

/**
 * Demo: detects topics for every demo story and fills Editor's Picks (site-wide and for three
 * sections) and the home page lead, so every block shows on first start. Runs once, after the
 * stories and pages exist.
 */
export async function seedDemoTopicsAndPicks(services: AppServices, _clock: Clock, log: (line: string) => void): Promise<void> {
  // Stories created with the change feed on are queued for detection: run it now; else detect all.
  await services.topics.whenIdle();
  if ((await services.topics.listTopicsWithArticleCounts()).length === 0) await services.topics.reindexAllTopics();
  log(`  ${(await services.topics.listTopicsWithArticleCounts()).length} topics detected`);

  const change = { actor: { system: 'cli' as const }, audit: services.audit };
  const tree = await services.sections.getTree();
  const newest = await services.articles.listPublished({ limit: 60 });
  if (newest.length < 2) return;

  // Home lead: the newest story with a picture that is not simply the newest story.
  const lead = newest.slice(1).find((s) => s.leadImage !== null) ?? newest[1]!;
  await services.collections.createCollection({ name: HOMEPAGE_LEAD, items: [{ article_id: lead.id }] }, change);

  // Site-wide picks: one story from each top-level section, in section order, not the lead.
  const sitePicks: number[] = [];
  for (const root of tree.roots) {
    const ids = new Set(sectionWithDescendants(root).map((s) => s.id));
    const story = newest.find((s) => ids.has(s.primarySectionId) && s.id !== lead.id && !sitePicks.includes(s.id));
    if (story) sitePicks.push(story.id);
  }
  await services.collections.createCollection({ name: EDITORS_PICKS, items: sitePicks.slice(0, 6).map((id) => ({ article_id: id })) }, change);

  let sections = 0;
  for (const path of SECTION_PICKS) {
    const section = tree.byPath.get(path);
    if (!section) continue;
    const ids = new Set(sectionWithDescendants(section).map((s) => s.id));
    // The section's older stories: the newest already show on its front.
    const picks = newest.filter((s) => ids.has(s.primarySectionId)).slice(2, 6);
    if (picks.length === 0) continue;
    await services.collections.createCollection({ name: EDITORS_PICKS, section_id: section.id, items: picks.map((s) => ({ article_id: s.id })) }, change);
    sections += 1;
  }
  log(`  Editor's Picks: site-wide and ${sections} sections; home page lead set`);
}
