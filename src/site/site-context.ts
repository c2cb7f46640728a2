import type { AppServices } from '../app-services.js';
import type { PublicationSettings } from '../settings/index.js';
import type { SectionTree } from '../sections/index.js';
import type { StaticPage } from '../pages/index.js';

/** What every reader page needs before it renders: who we are, the sections, the footer pages. */
export interface SiteContext {
  publication: PublicationSettings;
  tree: SectionTree;
  pages: StaticPage[];
  /** Absolute origin for canonical links. */
  publicUrl: string;
}

/** Loads the context for one request. */
export async function loadSiteContext(services: AppServices, publicUrl: string): Promise<SiteContext> {
  const [publication, tree, pages] = await Promise.all([
    services.settings.getPublication(),
    services.sections.getTree(),
    services.pages.listPublished(),
  ]);
  return { publication, tree, pages, publicUrl };
}
