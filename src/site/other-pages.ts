import { renderDocumentHtml } from '../rich-text/index.js';
import type { StaticPage } from '../pages/index.js';
import { presentLayout } from './present-layout.js';
import { staticPagePath } from './site-paths.js';
import type { SiteContext } from './site-context.js';
import { toTimeView } from './time-format.js';
import type { ErrorPageView, StaticPageView } from './view-models.js';

/** A static page such as About. */
export function presentStaticPage(ctx: SiteContext, page: StaticPage): StaticPageView {
  return {
    ...presentLayout(ctx, { title: `${page.title} | ${ctx.publication.name}`, path: staticPagePath(page.slug), surrogateKeys: [`page:${page.id}`] }),
    page: { title: page.title, bodyHtml: renderDocumentHtml(page.body), updated: toTimeView(page.updatedAt, ctx.publication.language, ctx.publication.timeZone) },
  };
}

const ERROR_TEXT: Record<number, { heading: string; message: string }> = {
  404: { heading: 'Page not found', message: 'We could not find that page. It may have moved, or the address may be mistyped. Try a search:' },
  410: { heading: 'This story is no longer available', message: 'This story has been withdrawn by the newsroom and is no longer published.' },
  500: { heading: 'Something went wrong', message: 'We could not show this page just now. Please try again in a moment.' },
};

/** An error page (404 with a search box, 410, 500). */
export function presentErrorPage(ctx: SiteContext, status: 404 | 410 | 500): ErrorPageView {
  const text = ERROR_TEXT[status] ?? { heading: 'Error', message: '' };
  return {
    ...presentLayout(ctx, { title: `${text.heading} | ${ctx.publication.name}`, path: null, robots: 'noindex' }),
    status,
    heading: text.heading,
    message: text.message,
    showSearch: status === 404,
  };
}
