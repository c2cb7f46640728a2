import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createAppServices } from '../app-services.js';
import { openDatabase } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { createImageFetcher, createImportService, createImportStore, parseAllowedImageHosts } from '../imports/index.js';
import type { ImportProgress, ImportReport, ImportSource } from '../imports/index.js';
import { systemClock } from '../platform/clock.js';
import { reportStartupError } from './cli-errors.js';

/** The options WordPress and Ghost imports share. */
export const siteImportOptionsHelp = `Options:
  --dry-run               read and convert everything, report what would happen, write nothing
  --status <mode>         as-source (default): keep published/draft/scheduled; draft: import all as drafts
  --section <path>        section for posts without a category (default: imported; created if missing)
  --fetch-images          copy featured images into the media library (needs --allow-host)
  --allow-host <host>     a host (any port) or host:port images may be fetched from; repeat for several
  --report <file.json>    also write the full report as JSON
  --batch <n>             items written per transaction (default 200)

Without --fetch-images nothing is downloaded: featured images stay external references and the
report warns about each. Old URLs (post links, /?p=ID, category and tag paths) answer with a 301
to the imported story, page or section. Re-running the same import updates changed items and
skips identical ones. Afterwards run "broadsheet reindex" for the search and related indexes.`;

/** Parses the shared options, runs the import with a progress display, prints the report. */
export async function runSiteImport(kind: string, help: string, args: string[], makeSource: (file: string) => ImportSource): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        'dry-run': { type: 'boolean' },
        status: { type: 'string' },
        section: { type: 'string' },
        'fetch-images': { type: 'boolean' },
        'allow-host': { type: 'string', multiple: true },
        report: { type: 'string' },
        batch: { type: 'string' },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${help}`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  const values = parsed.values;
  if (!file || extra.length > 0) {
    console.error(`import ${kind} needs exactly one file.\n\n${help}`);
    return 2;
  }
  const status = values.status ?? 'as-source';
  if (status !== 'as-source' && status !== 'draft') {
    console.error(`--status must be "draft" or "as-source", not "${status}".`);
    return 2;
  }
  const batch = values.batch === undefined ? undefined : Number(values.batch);
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 1 || batch > 5000)) {
    console.error('--batch must be a whole number from 1 to 5000.');
    return 2;
  }
  const allowHosts = values['allow-host'] ?? [];
  if (values['fetch-images'] && allowHosts.length === 0) {
    console.error('--fetch-images needs at least one --allow-host <host>: images are only fetched from hosts you name.');
    return 2;
  }
  try {
    parseAllowedImageHosts(allowHosts);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }

  try {
    const config = loadConfig({ env: process.env });
    const database = await openDatabase(config);
    try {
      const services = createAppServices({ db: database.db, clock: systemClock, dataDir: config.DATA_DIR, mediaMaxBytes: config.MEDIA_MAX_BYTES, publicUrl: config.PUBLIC_URL });
      // Images are capped like uploads (MEDIA_MAX_BYTES) and go through the same media pipeline.
      const fetchImage = createImageFetcher({ media: services.media, allowHosts: parseAllowedImageHosts(allowHosts), maxBytes: config.MEDIA_MAX_BYTES });
      const imports = createImportService({ store: createImportStore(database.db), clock: systemClock, fetchImage });
      const progress = createProgress(kind);
      let report: ImportReport;
      try {
        report = await imports.runImport(makeSource(file), {
          dryRun: values['dry-run'] === true,
          status,
          defaultSection: values.section,
          fetchImages: values['fetch-images'] === true,
          allowHosts,
          batchSize: batch,
          onProgress: progress.update,
        });
      } finally {
        progress.finish();
      }
      printReport(report);
      if (values.report) await writeFile(values.report, `${JSON.stringify(report, null, 2)}\n`);
      return 0;
    } finally {
      await database.close();
    }
  } catch (error) {
    return reportStartupError(error);
  }
}

/** A progress bar on a terminal (stderr); a plain line every few seconds otherwise. */
function createProgress(kind: string) {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  let lastLine = 0;
  let lastDone = -1;
  let drawn = false;
  return {
    update(p: ImportProgress): void {
      const elapsed = (Date.now() - started) / 1000;
      const rate = elapsed > 0 ? Math.round(p.done / elapsed) : 0;
      if (tty) {
        const width = 30;
        const fraction = p.total ? Math.min(1, p.done / p.total) : 0;
        const bar = p.total ? `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '.')}] ${Math.round(fraction * 100)}%` : '';
        process.stderr.write(`\r${kind} import ${bar} ${p.done}${p.total ? `/${p.total}` : ''} items, ${rate}/s   `);
        drawn = true;
      } else if (p.done !== lastDone && (Date.now() - lastLine > 5000 || (p.total !== undefined && p.done >= p.total))) {
        lastLine = Date.now();
        lastDone = p.done;
        process.stderr.write(`${kind} import: ${p.done}${p.total ? ` of ${p.total}` : ''} items (${rate}/s)\n`);
      }
    },
    finish(): void {
      if (tty && drawn) process.stderr.write('\n');
    },
  };
}

function printReport(report: ImportReport): void {
  const c = report.counts;
  const lines = [
    `${report.dryRun ? 'DRY RUN (nothing written): ' : ''}import from ${report.source.system} ${report.source.site} in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  articles: ${c.articles.created} imported, ${c.articles.updated} updated, ${c.articles.unchanged} unchanged`,
    `  pages:    ${c.pages.created} imported, ${c.pages.updated} updated, ${c.pages.unchanged} unchanged`,
    `  sections: ${c.sections.created} created, ${c.sections.reused} reused; tags: ${c.tags.created} created, ${c.tags.reused} reused; authors: ${c.authors.created} created, ${c.authors.reused} reused`,
    `  comments: ${c.comments.created} imported, ${c.comments.updated} updated; old URLs recorded: ${c.legacyUrls}`,
    `  skipped:  ${c.skipped}; warnings: ${c.warnings}`,
  ];
  const unchanged = report.skipped.filter((s) => s.reason === 'unchanged since the last import').length;
  const skipped = report.skipped.filter((s) => s.reason !== 'unchanged since the last import');
  // Content items one per line; other things (menus, revisions, …) one line per kind.
  const content = skipped.filter((s) => s.kind === 'article' || s.kind === 'page');
  const others = new Map<string, number>();
  for (const s of skipped) if (s.kind !== 'article' && s.kind !== 'page') others.set(s.kind, (others.get(s.kind) ?? 0) + 1);
  if (skipped.length > 0) {
    lines.push('', 'Skipped:', ...content.slice(0, 200).map((s) => `  ${s.kind} ${s.sourceId} "${s.title}": ${s.reason ?? ''}`));
    if (content.length > 200) lines.push(`  … and ${content.length - 200} more (see --report)`);
    for (const [kind, n] of others) lines.push(`  ${n} × ${kind}: ${skipped.find((s) => s.kind === kind)?.reason?.replace(/ \(line \d+\)$/, '') ?? ''}`);
  }
  if (unchanged > 0) lines.push(`  (${unchanged} unchanged item(s) skipped)`);
  if (report.warnings.length > 0) lines.push('', 'Warnings:', ...report.warnings.slice(0, 200).map((w) => `  ${w.kind} ${w.sourceId} "${w.title}": ${w.reason ?? ''}`));
  if (report.warnings.length > 200) lines.push(`  … and ${report.warnings.length - 200} more (see --report)`);
  if (report.nextSteps.length > 0) lines.push('', ...report.nextSteps);
  console.log(lines.join('\n'));
}
