import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownToDocument } from '../../src/rich-text/index.js';
import type { StaffRole } from '../../src/platform/http/staff-principal.js';
import { buildTestApp } from '../support/build-test-app.js';
import { makeArticle, makeSections } from '../support/factories.js';
import { signInAs } from '../support/staff.js';
import { availableDialects } from '../support/test-databases.js';

/**
 * The permission matrix: every Admin API endpoint is called anonymously, as every role, and
 * (for writes) with a missing and a forged CSRF token; the set of callers let through must be
 * exactly the one written here. A new endpoint without a row here fails the first test.
 */
type Caller = 'anonymous' | StaffRole;
const ROLES: StaffRole[] = ['contributor', 'author', 'editor', 'admin'];
const ALL: Caller[] = ['anonymous', ...ROLES];
const from = (role: StaffRole): Caller[] => ROLES.slice(ROLES.indexOf(role));

interface Fixtures {
  [name: string]: number;
}

interface Row {
  allowed: Caller[];
  /** Path with fixture placeholders, e.g. /sections/{section} */
  path?: string;
  body?: (f: Fixtures) => unknown;
  /** Runs after every other row: it ends sessions or deletes what others need. */
  isLast?: boolean;
}

const MATRIX: Record<string, Row> = {
  'GET /openapi.json': { allowed: ALL },
  'GET /setup': { allowed: ALL },
  'POST /setup': { allowed: ALL, body: () => ({ token: 'nope', email: 'x@paper.test', name: 'X', password: 'long enough password' }) },
  'POST /session': { allowed: ALL, body: () => ({ email: 'nobody@paper.test', password: 'whatever it is' }) },
  'GET /session': { allowed: from('contributor') },
  'DELETE /session': { allowed: from('contributor'), isLast: true },
  'POST /session/sign-out-everywhere': { allowed: from('contributor'), isLast: true },
  'POST /invitations': { allowed: from('admin'), body: () => ({ email: `invitee-${Math.random()}@paper.test`, role: 'author' }) },
  'POST /invitations/accept': { allowed: ALL, body: () => ({ token: 'nope', name: 'X', password: 'long enough password' }) },
  'POST /password-resets': { allowed: ALL, body: () => ({ email: 'nobody@paper.test' }) },
  'POST /password-resets/complete': { allowed: ALL, body: () => ({ token: 'nope', password: 'long enough password' }) },
  'GET /users': { allowed: from('editor') },
  'GET /users/:id': { allowed: from('editor'), path: '/users/{victim}' },
  'PATCH /users/:id': { allowed: from('admin'), path: '/users/{victim}', body: () => ({ name: 'Renamed' }) },
  'DELETE /users/:id': { allowed: from('admin'), path: '/users/{victim}' },
  'GET /me/api-tokens': { allowed: from('contributor') },
  'POST /me/api-tokens': { allowed: from('contributor'), body: () => ({ name: 'script' }) },
  'DELETE /me/api-tokens/:id': { allowed: from('contributor'), path: '/me/api-tokens/999999' },
  'GET /audit': { allowed: from('admin') },

  'GET /sections': { allowed: from('contributor') },
  'POST /sections': { allowed: from('editor'), body: () => ({ slug: `s-${Math.random().toString(36).slice(2, 8)}`, name: 'New' }) },
  'PATCH /sections/:id': { allowed: from('editor'), path: '/sections/{section}', body: () => ({ name: 'Asia and Pacific' }) },
  'DELETE /sections/:id': { allowed: from('editor'), path: '/sections/{otherSection}' },
  'POST /sections/:id/move': { allowed: from('editor'), path: '/sections/{section}/move', body: (f) => ({ parent_id: f.rootSection }) },
  'PUT /sections/order': { allowed: from('editor'), body: (f) => ({ parent_id: null, ids: [f.rootSection, f.otherSection] }) },

  'GET /authors': { allowed: from('contributor') },
  'POST /authors': { allowed: from('editor'), body: () => ({ slug: `a-${Math.random().toString(36).slice(2, 8)}`, name: 'New Writer' }) },
  'PATCH /authors/:id': { allowed: from('editor'), path: '/authors/{author}', body: () => ({ bio: 'Covers everything.' }) },
  'DELETE /authors/:id': { allowed: from('editor'), path: '/authors/{author}' },

  'GET /tags': { allowed: from('contributor') },
  'POST /tags': { allowed: from('editor'), body: () => ({ name: `Tag ${Math.random()}` }) },
  'PATCH /tags/:id': { allowed: from('editor'), path: '/tags/{tag}', body: () => ({ name: 'Rivers and lakes' }) },
  'DELETE /tags/:id': { allowed: from('editor'), path: '/tags/{tag}' },
  'POST /tags/:id/merge': { allowed: from('editor'), path: '/tags/{otherTag}/merge', body: (f) => ({ into_id: f.tag }) },

  'GET /pages': { allowed: from('contributor') },
  'POST /pages': { allowed: from('editor'), body: () => ({ slug: `p-${Math.random().toString(36).slice(2, 8)}`, title: 'New page', body_markdown: 'Hello.' }) },
  'GET /pages/:id': { allowed: from('contributor'), path: '/pages/{page}' },
  'PATCH /pages/:id': { allowed: from('editor'), path: '/pages/{page}', body: () => ({ title: 'About the paper' }) },
  'DELETE /pages/:id': { allowed: from('editor'), path: '/pages/{page}' },

  'GET /settings': { allowed: from('contributor') },
  'PATCH /settings': { allowed: from('admin'), body: () => ({ name: 'The Matrix Gazette' }) },

  'GET /media': { allowed: from('contributor') },
  'POST /media': { allowed: from('contributor') },
  'GET /media/:id': { allowed: from('contributor'), path: '/media/{media}' },
  'PATCH /media/:id': { allowed: from('editor'), path: '/media/{media}', body: () => ({ alt: 'A test pattern' }) },
  'DELETE /media/:id': { allowed: from('editor'), path: '/media/{media}' },

  'GET /articles': { allowed: from('contributor') },
  'POST /articles': { allowed: from('contributor'), body: (f) => ({ headline: 'Matrix story', primary_section_id: f.rootSection }) },
  'GET /articles/:id': { allowed: from('author'), path: '/articles/{article}' },
  'PATCH /articles/:id': { allowed: from('editor'), path: '/articles/{article}', body: () => ({ version: 1, dek: 'Changed.' }) },
  'POST /articles/:id/submit': { allowed: from('editor'), path: '/articles/{article}/submit' },
  'POST /articles/:id/publish': { allowed: from('editor'), path: '/articles/{article}/publish' },
  'POST /articles/:id/schedule': { allowed: from('editor'), path: '/articles/{article}/schedule', body: () => ({ scheduled_at: '2099-01-01T00:00:00Z' }) },
  'POST /articles/:id/unschedule': { allowed: from('editor'), path: '/articles/{article}/unschedule' },
  'POST /articles/:id/unpublish': { allowed: from('editor'), path: '/articles/{article}/unpublish' },
  'POST /articles/:id/trash': { allowed: from('editor'), path: '/articles/{article}/trash' },
  'POST /articles/:id/restore': { allowed: from('editor'), path: '/articles/{article}/restore' },
  'PUT /articles/:id/slug': { allowed: from('editor'), path: '/articles/{article}/slug', body: () => ({ slug: `m-${Math.random().toString(36).slice(2, 8)}` }) },
  'POST /articles/:id/corrections': { allowed: from('editor'), path: '/articles/{article}/corrections', body: () => ({ body: 'A correction.' }) },
  'GET /articles/:id/revisions': { allowed: from('author'), path: '/articles/{article}/revisions' },
  'GET /articles/:id/revisions/:a/diff/:b': { allowed: from('author'), path: '/articles/{article}/revisions/1/diff/1' },
  'POST /articles/:id/revisions/:version/restore': { allowed: from('editor'), path: '/articles/{article}/revisions/1/restore' },
  'POST /articles/:id/lock': { allowed: from('editor'), path: '/articles/{article}/lock' },
  'DELETE /articles/:id/lock': { allowed: from('contributor'), path: '/articles/{article}/lock' },
  'GET /articles/:id/related': { allowed: from('editor'), path: '/articles/{article}/related' },
  'PUT /articles/:id/related/pins': { allowed: from('editor'), path: '/articles/{article}/related/pins', body: () => ({ ids: [] }) },
  'PUT /articles/:id/related/excludes': { allowed: from('editor'), path: '/articles/{article}/related/excludes', body: () => ({ ids: [] }) },
  'DELETE /articles/:id': { allowed: from('admin'), path: '/articles/{article}', isLast: true },

  // Collections: every staff member may read what is featured; editors and admins change it.
  'GET /collections': { allowed: from('contributor') },
  'GET /collections/:id': { allowed: from('contributor'), path: '/collections/{collection}' },
  'POST /collections': { allowed: from('editor'), body: () => ({ name: `c-${Math.random().toString(36).slice(2, 8)}` }) },
  'PUT /collections/:id/items': { allowed: from('editor'), path: '/collections/{collection}/items', body: (f) => ({ items: [{ article_id: f.article }] }) },
  'DELETE /collections/:id': { allowed: from('editor'), path: '/collections/{otherCollection}' },

  // Detected topics: any staff member reads; editors and admins add, remove and rename.
  'GET /topics': { allowed: from('contributor') },
  'PATCH /topics/:id': { allowed: from('editor'), path: '/topics/{topic}', body: () => ({ name: 'Renamed Place' }) },
  'GET /articles/:id/topics': { allowed: from('contributor'), path: '/articles/{article}/topics' },
  'POST /articles/:id/topics': { allowed: from('editor'), path: '/articles/{article}/topics', body: () => ({ name: 'Matrix Person', kind: 'person' }) },
  'DELETE /articles/:id/topics/:topicId': { allowed: from('editor'), path: '/articles/{article}/topics/{topic}' },
  'POST /imports/ninjs': { allowed: from('editor'), body: () => ({ uri: `urn:matrix:${Math.random()}`, headlines: [{ value: 'Matrix wire story' }] }) },
  'GET /comments': { allowed: from('editor') },
  'GET /comments/settings': { allowed: from('editor') },
  'PATCH /comments/settings': { allowed: from('editor'), body: () => ({ moderation_mode: 'post' }) },
  'GET /comments/:id': { allowed: from('editor'), path: '/comments/{comment}' },
  'POST /comments/:id/approve': { allowed: from('editor'), path: '/comments/{comment}/approve' },
  'POST /comments/:id/reject': { allowed: from('editor'), path: '/comments/{comment}/reject' },
  'DELETE /comments/:id': { allowed: from('editor'), path: '/comments/{comment}' },
  'POST /readers/:id/ban': { allowed: from('editor'), path: '/readers/{reader}/ban' },
  'DELETE /readers/:id/ban': { allowed: from('editor'), path: '/readers/{reader}/ban' },
  'PUT /articles/:id/comments': { allowed: from('editor'), path: '/articles/{article}/comments', body: () => ({ closed: false }) },
};

const dialects = await availableDialects();

describe.each(dialects)('Admin API permission matrix on %s', (dialect) => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  const headers: Partial<Record<StaffRole, Record<string, string>>> = {};
  const fixtures: Fixtures = {};

  beforeAll(async () => {
    built = await buildTestApp({ dialect });
    for (const role of ROLES) headers[role] = (await signInAs(built, role)).headers;
    fixtures.victim = (await built.services.users.addUser({ email: 'victim@paper.test', name: 'Victim', role: 'contributor', password: 'long enough password', isOwner: false }, { system: 'cli' })).id;
    const sections = await makeSections(built.services, ['world', 'world/asia', 'sport']);
    fixtures.section = sections['world/asia']!;
    fixtures.otherSection = sections.sport!;
    fixtures.rootSection = sections.world!;
    fixtures.article = (await makeArticle(built.services, { primarySectionId: sections.world!, status: 'draft', publishedAt: null })).id;
    fixtures.author = (await built.services.authors.createAuthor({ slug: 'fixture-writer', name: 'Fixture Writer' })).id;
    fixtures.tag = (await built.services.tags.ensureTag('Rivers')).id;
    fixtures.otherTag = (await built.services.tags.ensureTag('Lakes')).id;
    fixtures.page = (await built.services.pages.createPage({ slug: 'about', title: 'About', body: markdownToDocument('About us.') })).id;
    const system = { actor: { system: 'cli' as const }, audit: built.services.audit };
    fixtures.collection = (await built.services.collections.createCollection({ name: 'matrix-picks' }, system)).collection.id;
    fixtures.otherCollection = (await built.services.collections.createCollection({ name: 'matrix-doomed' }, system)).collection.id;
    fixtures.topic = (await built.services.topics.addTopicToArticle(fixtures.article, { name: 'Fixture Place', kind: 'place' }, system)).result.id;
    const now = new Date().toISOString();
    fixtures.reader = (await built.database.db.insertInto('readers').values({ email: 'reader@paper.test', display_name: 'Reader', created_at: now, updated_at: now, banned_at: null, deleted_at: null }).returning('id').executeTakeFirstOrThrow()).id;
    fixtures.comment = (await built.database.db.insertInto('comments').values({ article_id: fixtures.article, parent_id: null, reader_id: fixtures.reader, author_name: 'Reader', author_url: null, body: 'A comment.', status: 'pending', source: 'reader', legacy_id: null, visitor_hash: null, created_at: now, updated_at: now, edited_at: null }).returning('id').executeTakeFirstOrThrow()).id;
    const owner = await signInAs(built, 'admin');
    const picture = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    const actor = { userId: owner.userId, email: owner.email, name: 'Owner', role: 'admin' as const, authorId: null, isOwner: false, via: 'session' as const };
    fixtures.media = (await built.services.media.upload({ buffer: picture, originalName: 'pattern.jpg', alt: 'Blue', actor })).id;
  });
  afterAll(async () => built?.close());

  it('has a row for every registered endpoint and no row for a missing one', () => {
    const registered = built.adminRoutes.map((r) => `${r.method} ${r.url.replace('/api/admin/v1', '')}`).sort();
    expect(registered).toEqual(Object.keys(MATRIX).sort());
  });

  // Dozens of endpoints × five callers: slow on a loaded machine, so more time than the default 20 s.
  it('lets through exactly the callers each endpoint allows, and refuses writes without a valid CSRF token', { timeout: 180_000 }, async () => {
    const rows = Object.entries(MATRIX).sort(([, a], [, b]) => Number(a.isLast ?? false) - Number(b.isLast ?? false));
    const mismatches: string[] = [];
    for (const [key, row] of rows) {
      const [method, template] = key.split(' ') as [string, string];
      const url = `/api/admin/v1${(row.path ?? template).replace(/\{(\w+)\}/g, (_, name: string) => String(fixtures[name]))}`;
      const isWrite = !['GET', 'HEAD'].includes(method);
      for (const caller of ALL) {
        // Rows that end sessions get a fresh signed-in user per caller.
        const callerHeaders = caller === 'anonymous' ? {} : row.isLast ? (await signInAs(built, caller)).headers : headers[caller]!;
        const payload = () => (isWrite ? { payload: (row.body?.(fixtures) ?? {}) as object } : {});
        if (isWrite && caller !== 'anonymous' && row.allowed.includes(caller) && !row.allowed.includes('anonymous')) {
          for (const csrf of [undefined, 'forged-token']) {
            const { 'x-csrf-token': _drop, ...cookieOnly } = callerHeaders;
            const bad = await built.app.inject({ method: method as 'POST', url, headers: csrf ? { ...cookieOnly, 'x-csrf-token': csrf } : cookieOnly, ...payload() });
            if ((bad.json() as { code?: string }).code !== 'CSRF_INVALID') mismatches.push(`${key} as ${caller} with ${csrf ?? 'no'} CSRF token: got ${bad.statusCode}`);
          }
        }
        const response = await built.app.inject({ method: method as 'GET', url, headers: callerHeaders, ...payload() });
        expect(response.statusCode, `${key} as ${caller}: ${response.body}`).toBeLessThan(500);
        const code = String(response.headers['content-type'] ?? '').includes('problem+json') ? (response.json() as { code: string }).code : '';
        // Refusals: 401 AUTH_REQUIRED, and any 403 (FORBIDDEN, CSRF_INVALID, or a module's own "not yours" code).
        const isLetThrough = !(response.statusCode === 401 && code === 'AUTH_REQUIRED') && response.statusCode !== 403;
        if (isLetThrough !== row.allowed.includes(caller)) mismatches.push(`${key} as ${caller}: got ${response.statusCode} ${code}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
