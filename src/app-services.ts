import type { Kysely } from 'kysely';
import { createArticleService, createArticleStore } from './articles/index.js';
import { createAuditLog, createAuditStore } from './audit/index.js';
import { createAuthorService, createAuthorStore } from './authors/index.js';
import { createContentKeyService, createContentKeyStore } from './content-keys/index.js';
import { createPageService, createPageStore } from './pages/index.js';
import { createSectionService, createSectionStore } from './sections/index.js';
import { createSettingsService, createSettingsStore } from './settings/index.js';
import { createTagService, createTagStore } from './topics/index.js';
import type { Clock } from './platform/clock.js';
import type { Database } from './platform/db/tables.js';

/** Every domain service, wired to one database and clock. Built once per process. */
export function createAppServices(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  return {
    articles: createArticleService({ store: createArticleStore(db), clock }),
    audit: createAuditLog({ store: createAuditStore(db), clock }),
    authors: createAuthorService({ store: createAuthorStore(db), clock }),
    contentKeys: createContentKeyService({ store: createContentKeyStore(db), clock }),
    pages: createPageService({ store: createPageStore(db), clock }),
    sections: createSectionService({ store: createSectionStore(db), clock }),
    settings: createSettingsService({ store: createSettingsStore(db), clock }),
    tags: createTagService({ store: createTagStore(db), clock }),
  };
}

export type AppServices = ReturnType<typeof createAppServices>;
