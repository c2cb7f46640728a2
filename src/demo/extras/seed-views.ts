import type { AppServices } from '../../app-services.js';
import type { Clock } from '../../platform/clock.js';
import { HOUR_MS, hourStartOf } from '../../trending/index.js';
import type { ViewBucket } from '../../trending/index.js';

/** A small deterministic generator (mulberry32), so every demo start shows the same ranking. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Demo: records demo page views so Trending Stories shows on first start. Popularity follows a
 * long tail (Zipf-like: the n-th story gets about 1/n of the first one's readers); each story
 * peaks at its own hour of the last day and fades, and the site has a day/night rhythm.
 */
export async function seedDemoViews(services: AppServices, clock: Clock, log: (line: string) => void): Promise<void> {
  const stories = await services.articles.listPublished({ limit: 100 });
  if (stories.length === 0) return;
  const next = random(20261128);
  const nowMs = clock.now().getTime();
  const currentHour = hourStartOf(nowMs);
  // Shuffle so that the most-read story is not simply the newest.
  const order = stories.map((story) => ({ story, key: next() })).sort((a, b) => a.key - b.key);
  const batch: ViewBucket[] = [];
  order.forEach(({ story }, rank) => {
    const readersPerHour = 400 / (rank + 1);
    const peakHoursAgo = Math.floor(next() * 24);
    for (let hoursAgo = 0; hoursAgo < 24; hoursAgo += 1) {
      const hourStartMs = currentHour - hoursAgo * HOUR_MS;
      const utcHour = new Date(hourStartMs).getUTCHours();
      const daytime = 0.35 + 0.65 * Math.max(0, Math.sin(((utcHour - 5) / 24) * 2 * Math.PI));
      const nearPeak = Math.exp(-Math.abs(hoursAgo - peakHoursAgo) / 5);
      const views = Math.round(readersPerHour * daytime * nearPeak * (0.7 + 0.6 * next()));
      if (views > 0) batch.push({ articleId: story.id, hourStartMs, views });
    }
  });
  await services.trending.addViews(batch);
  log(`Recorded ${batch.reduce((sum, b) => sum + b.views, 0)} demo page views for Trending Stories.`);
}
