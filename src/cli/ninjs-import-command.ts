import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { createAppServices } from '../app-services.js';
import { openDatabase } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import type { NinjsImportReport } from '../interchange/index.js';
import { systemClock } from '../platform/clock.js';
import { reportStartupError } from './cli-errors.js';
import type { ImportKind } from './import-command.js';

const help = `Usage: broadsheet import ninjs <file|dir> [--publish] [--section <path>] [--json]

Imports IPTC ninjs documents (versions 1.x, 2.x and 3.x) as stories. A file holds one document
or a JSON array of them; a folder is read recursively for *.json files. Each document is
validated against the ninjs structure of its version; invalid ones are refused with the place
where they fail, while the rest import. A document already imported (same ninjs uri) is
skipped, so running an import again makes no duplicates, unless it carries a higher version
number (ninjs "version"): then the story's text, picture, placement, bylines and subjects are
updated (a revision, audited as article.import_update). Images stay external references; no
network access is made.

  --publish          publish usable stories at their firstCreated time (default: drafts)
  --section <path>   section for stories whose subjects name no known section
                     (default: the first top-level section)
  --json             print the report as JSON`;

function collectFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(path, name));
}

/** Reads every file; a file that is not JSON becomes a document the importer refuses with the parse error. */
function readDocuments(path: string): { docs: { doc: unknown; source: string }[]; unreadable: { source: string; reason: string }[] } {
  const docs: { doc: unknown; source: string }[] = [];
  const unreadable: { source: string; reason: string }[] = [];
  for (const file of collectFiles(path)) {
    const source = relative(process.cwd(), file) || file;
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      for (const doc of Array.isArray(parsed) ? parsed : [parsed]) docs.push({ doc, source });
    } catch (error) {
      unreadable.push({ source, reason: `not JSON: ${(error as Error).message}` });
    }
  }
  return { docs, unreadable };
}

function printReport(report: NinjsImportReport, unreadable: { source: string; reason: string }[]): void {
  for (const item of report.items) {
    const where = `${item.source ?? `#${item.index}`}${item.uri ? ` (${item.uri})` : ''}`;
    if (item.status === 'imported' || item.status === 'updated') console.log(`${item.status.padEnd(9)} ${where} → article #${item.articleId} /articles/${item.slug}`);
    else console.log(`${item.status.padEnd(9)} ${where}: ${item.reason}`);
    for (const problem of item.problems ?? []) console.log(`            ${problem}`);
    for (const warning of item.warnings) console.log(`            note: ${warning}`);
  }
  for (const file of unreadable) console.log(`refused   ${file.source}: ${file.reason}`);
  console.log(`\n${report.imported} imported, ${report.updated} updated, ${report.skipped} skipped, ${report.refused + unreadable.length} refused.`);
}

export const ninjsImportKind: ImportKind = {
  summary: 'IPTC ninjs documents (a .json file or a folder of them)',
  help,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { publish: { type: 'boolean' }, section: { type: 'string' }, json: { type: 'boolean' } } });
    } catch (error) {
      console.error(`${(error as Error).message}\n\n${help}`);
      return 2;
    }
    const [path, ...extra] = parsed.positionals;
    if (!path || extra.length > 0) {
      console.error(help);
      return 2;
    }
    let input;
    try {
      input = readDocuments(path);
    } catch (error) {
      console.error(`Cannot read ${path}: ${(error as Error).message}`);
      return 1;
    }
    try {
      const config = loadConfig({ env: process.env });
      const database = await openDatabase(config);
      try {
        const services = createAppServices({ db: database.db, clock: systemClock, dataDir: config.DATA_DIR, publicUrl: config.PUBLIC_URL });
        const report = await services.ninjsImport.importDocuments(input.docs, { publish: parsed.values.publish === true, sectionPath: parsed.values.section, actor: { system: 'cli' } });
        if (parsed.values.json) console.log(JSON.stringify({ ...report, unreadable: input.unreadable }, null, 2));
        else printReport(report, input.unreadable);
        return report.refused + input.unreadable.length > 0 ? 1 : 0;
      } finally {
        await database.close();
      }
    } catch (error) {
      return reportStartupError(error);
    }
  },
};
