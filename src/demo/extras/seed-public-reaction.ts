import type { AppServices } from '../../app-services.js';
import type { Clock } from '../../platform/clock.js';

const READERS = [
  { email: 'maya.reader@example.com', name: 'Maya K.' },
  { email: 'tom.reader@example.com', name: 'Tom from Leeds' },
  { email: 'ines.reader@example.com', name: 'Inès' },
];

const REACTION_PLAN = [
  ['like', 'like', 'love', 'surprised', 'like', 'sad'],
  ['love', 'love', 'like', 'angry'],
  ['surprised', 'like', 'sad'],
  ['like', 'angry', 'angry'],
];

/** Demo: seeds reactions and comments on the newest stories, with a reply and one comment pending in the moderation queue. Runs once, after the stories and pages exist. */
export async function seedDemoPublicReaction(services: AppServices, _clock: Clock, log: (line: string) => void): Promise<void> {
  const stories = await services.articles.listPublished({ limit: 4 });
  if (stories.length === 0) return;
  const readers: Awaited<ReturnType<AppServices['readers']['ensureReader']>>[] = [];
  for (const r of READERS) readers.push(await services.readers.ensureReader(r.email, r.name));
  const author = (i: number) => {
    const reader = readers[i % readers.length]!;
    return { id: reader.id, displayName: reader.displayName, isBanned: false };
  };

  let reactions = 0;
  for (const [s, story] of stories.entries()) {
    for (const [v, type] of (REACTION_PLAN[s] ?? []).entries()) {
      if (!services.reactions.types().some((t) => t.id === type)) continue;
      await services.reactions.react({ articleId: story.id, visitorKey: `demo-visitor-${v}`, type, ip: `demo-${s}-${v}` });
      reactions++;
    }
  }

  const lead = stories[0]!;
  const first = await services.comments.addSeedComment({ articleId: lead.id, parentId: null, reader: author(0), status: 'approved', body: 'Clear, careful reporting. The timeline at the end helped me understand how this unfolded.' });
  await services.comments.addSeedComment({ articleId: lead.id, parentId: first.id, reader: author(1), status: 'approved', body: 'Agreed. There is more background in the council minutes: https://example.org/minutes' });
  await services.comments.addSeedComment({ articleId: lead.id, parentId: null, reader: author(2), status: 'approved', body: 'I would like to read a follow-up on what happens next.' });
  if (stories[1]) await services.comments.addSeedComment({ articleId: stories[1].id, parentId: null, reader: author(1), status: 'approved', body: 'Thanks for covering this.' });
  // One comment waits in the moderation queue (GET /api/admin/v1/comments).
  await services.comments.addSeedComment({ articleId: (stories[1] ?? lead).id, parentId: null, reader: author(2), status: 'pending', body: 'This one waits for a moderator before readers can see it.' });
  log(`public reaction: ${reactions} reactions, 5 comments (1 pending moderation) by ${readers.length} readers`);
}
