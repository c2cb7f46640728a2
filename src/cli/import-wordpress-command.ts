import { wordPressSource } from '../imports/index.js';
import type { ImportKindCommand } from './import-command.js';
import { runSiteImport, siteImportOptionsHelp } from './import-site-run.js';

const help = `Usage: broadsheet import wordpress <export.xml> [options]

Imports a WordPress export (Tools › Export, WXR 1.0–1.2): posts → articles, pages → static
pages, categories → sections (hierarchy kept), tags, authors → bylines, approved and pending
comments, featured images. The file is streamed: any size imports in constant memory. Files
that are not well-formed, or carry a DOCTYPE with entities or an external DTD, are refused with
the line and column, before anything is written.

${siteImportOptionsHelp}`;

export const wordPressImportKind: ImportKindCommand = {
  summary: 'a WordPress export (WXR .xml): posts, pages, categories, tags, authors, comments',
  help,
  run: (args) => runSiteImport('wordpress', help, args, wordPressSource),
};
