/** @module site — the reader's newspaper: page routes, view models, the Liquid theme engine. */
export { siteRoutes, renderNotFoundPage, renderServerErrorPage } from './site-routes.js';
export type { SiteRoutesOptions } from './site-routes.js';
export { createThemeEngine } from './theme-engine.js';
export type { ThemeEngine, TemplateName } from './theme-engine.js';
export { ARTICLE_SLOTS } from './article-page.js';
export { createSiteContextSource, loadSiteContext } from './site-context.js';
export type { SiteContext, SiteContextSource } from './site-context.js';
export { publicReactionRoutes } from './public-reaction-routes.js';
