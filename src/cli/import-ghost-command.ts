import { ghostSource } from '../imports/index.js';
import type { ImportKindCommand } from './import-command.js';
import { runSiteImport, siteImportOptionsHelp } from './import-site-run.js';

const help = `Usage: broadsheet import ghost <export.json> [options]

Imports a Ghost export (Settings › Labs › Export, Ghost 1.x–5.x JSON): posts → articles, pages →
static pages, tags, staff users → bylines (no accounts are created), featured images. Bodies are
converted from mobiledoc (html when there is none). Posts have no category in Ghost: they go
to the --section section. Malformed JSON is refused with line and column, a wrong shape with
the JSON path, before anything is written.

${siteImportOptionsHelp}`;

export const ghostImportKind: ImportKindCommand = {
  summary: 'a Ghost export (.json): posts, pages, tags, authors',
  help,
  run: (args) => runSiteImport('ghost', help, args, ghostSource),
};
