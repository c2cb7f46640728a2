import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/broadsheet.js');
const WXR = resolve('../shared/corpus/wxr');
const dir = mkdtempSync(join(tmpdir(), 'broadsheet-import-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real `broadsheet` bin in a child process (stderr is not a TTY: plain progress lines). */
function broadsheet(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', CONFIG_FILE: '', DATA_DIR: dir, DEMO_CONTENT: 'false', LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('broadsheet import', { timeout: 300_000 }, () => {
  it('lists the import kinds and prints each kind\'s options', () => {
    const help = broadsheet(['import', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/wordpress .*\n.*ghost /);
    for (const kind of ['wordpress', 'ghost']) {
      const kindHelp = broadsheet(['import', kind, '--help']);
      expect(kindHelp.code).toBe(0);
      expect(kindHelp.stdout).toContain(`Usage: broadsheet import ${kind}`);
      expect(kindHelp.stdout).toContain('--fetch-images');
    }
    expect(broadsheet(['import', 'wordpress', 'x.xml', '--fetch-images']).code).toBe(2);
  });

  it('imports a WXR file with a progress line, a report and a JSON report; a re-run skips it all', () => {
    const reportFile = join(dir, 'report.json');
    const run = broadsheet(['import', 'wordpress', join(WXR, 'theme-preview.xml'), '--report', reportFile]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/wordpress import: 7 of 7 items/);
    expect(run.stdout).toContain('articles: 7 imported, 0 updated, 0 unchanged');
    expect(run.stdout).toContain('broadsheet reindex');
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { counts: { articles: { created: number } }; imported: { kind: string; sourceId: string; title: string }[] };
    expect(report.counts.articles.created).toBe(7);
    expect(report.imported).toContainEqual(expect.objectContaining({ kind: 'article', sourceId: '19', title: 'Worth A Thousand Words' }));
    const again = broadsheet(['import', 'wordpress', join(WXR, 'theme-preview.xml')]);
    expect(again.stdout).toContain('articles: 0 imported, 0 updated, 7 unchanged');
  });

  it('refuses a malformed file with its line and column and exit code 1', () => {
    const run = broadsheet(['import', 'wordpress', join(WXR, 'wordpress-importer-fixtures/malformed-simple.xml')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Import file refused: not well-formed XML: malformed-simple.xml:14:');
    expect(run.stderr).toContain('IMPORT_FILE_INVALID');
  });
});
