import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Liquid } from 'liquidjs';
import { installCompiledRendering } from './liquid-compiled-render.js';
import { installPartialMemo } from './partial-memo.js';

/** The page templates a theme provides, one per kind of reader page. */
/** `reader` renders reader account and comment pages (Public Reaction); a theme without it cannot show them. */
export type TemplateName = 'home' | 'section' | 'article' | 'list' | 'search' | 'page' | 'error' | 'reader';

const REQUIRED_TEMPLATES: TemplateName[] = ['home', 'section', 'article', 'list', 'search', 'page', 'error'];

/** Renders view models through a theme folder's Liquid templates. */
export interface ThemeEngine {
  render(template: TemplateName, model: object): Promise<string>;
  /** Folder served at /assets. */
  assetsDir: string;
}

/**
 * Loads a theme: `templates/` (pages and layout), `partials/` and `assets/`. Output is escaped
 * by default, so a template must say `| raw` to emit HTML; only pre-sanitised `*Html` fields
 * should ever be emitted that way.
 */
export function createThemeEngine(themeDir: string, options: { cache?: boolean; compiled?: boolean } = {}): ThemeEngine {
  const templatesDir = join(themeDir, 'templates');
  const missing = REQUIRED_TEMPLATES.filter((name) => !existsSync(join(templatesDir, `${name}.liquid`)));
  if (missing.length > 0) {
    throw new Error(`Theme at ${themeDir} (THEME_DIR) lacks templates: ${missing.map((m) => `${m}.liquid`).join(', ')}`);
  }
  const roots = [templatesDir, join(themeDir, 'partials')];
  const cache = options.cache ?? true;
  const liquid = new Liquid({
    root: roots,
    extname: '.liquid',
    cache,
    outputEscape: 'escape',
    strictFilters: true,
    jsTruthy: true,
    greedy: false,
  });
  // With templates cached, `render` tags of pure partials (story cards, pictures) keep their
  // HTML per set of arguments; without (theme development) every render reads the files afresh.
  if (cache) installPartialMemo(liquid, { roots });
  // Parsed templates are kept only with the cache; their translation is kept with them.
  if (cache && options.compiled !== false) installCompiledRendering(liquid);
  return {
    assetsDir: join(themeDir, 'assets'),
    // Synchronous rendering: the templates are parsed once (cache) and no filter or tag does I/O
    // after that, so the async path would only add a promise per node.
    render: async (template, model) => liquid.renderFileSync(template, model) as string,
  };
}
