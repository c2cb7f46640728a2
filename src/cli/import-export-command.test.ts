import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/broadsheet.js');
const NINJS = join(import.meta.dirname, '../../../shared/corpus/ninjs');
const work = mkdtempSync(join(tmpdir(), 'broadsheet-cli-import-'));

function broadsheet(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', CONFIG_FILE: '', LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 240_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

// Real processes (TypeScript loading, demo drawing) on a loaded machine: long timeouts.
describe('broadsheet import / export', { timeout: 600_000 }, () => {
  const source = { DATA_DIR: join(work, 'source') };
  const copy = { DATA_DIR: join(work, 'copy') };
  const archive = join(work, 'paper.tar.gz');

  it('lists the import kinds and explains each', () => {
    const help = broadsheet(['import', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/ninjs\s+IPTC ninjs/);
    expect(help.stdout).toMatch(/archive\s+a whole-publication archive/);
    expect(broadsheet(['import', 'ninjs', '--help']).stdout).toContain('Usage: broadsheet import ninjs');
    expect(broadsheet(['export', '--help']).stdout).toContain('Usage: broadsheet export');
    expect(broadsheet(['import', 'rss', 'x']).code).toBe(2);
  });

  it('imports a folder of ninjs samples, refusing the invalid ones, and skips them all the second time', () => {
    expect(broadsheet(['seed-demo'], source).code).toBe(0);
    const passing = broadsheet(['import', 'ninjs', join(NINJS, 'examples', '3.0')], source);
    expect(passing.stdout, passing.stderr).toMatch(/^imported {2}.*dpa_text\.json .* → article #\d+/m);
    expect(passing.stdout).toMatch(/\n\d+ imported, 0 updated, \d+ skipped, 0 refused\.\n$/);
    expect(passing.code).toBe(0);
    const again = broadsheet(['import', 'ninjs', join(NINJS, 'examples', '3.0')], source);
    expect(again.stdout).toMatch(/\n0 imported, 0 updated, \d+ skipped, 0 refused\.\n$/);
    const failing = broadsheet(['import', 'ninjs', join(NINJS, 'validation', 'test_suite', '3.0', 'should_fail'), '--publish'], source);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/^refused {3}.*001_bad_toplevel\.json \(urn:001-test-bad-top-level-property\): not valid ninjs 3\.x\n {12}random: "random" is not a ninjs property of this version$/m);
    const garbage = join(work, 'garbage.json');
    writeFileSync(garbage, '{"uri": ');
    expect(broadsheet(['import', 'ninjs', garbage], source).stdout).toMatch(/refused {3}.*garbage\.json: not JSON/);
  });

  it('exports the publication and restores it into an empty instance, refusing a second restore', () => {
    const exported = broadsheet(['export', archive], source);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^Exported \d+ tables, \d+ rows, \d+ media files/);
    const restored = broadsheet(['import', 'archive', archive], copy);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored \d+ tables/);
    const again = broadsheet(['import', 'archive', archive], copy);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/The instance is not empty: .*\(ARCHIVE_TARGET_NOT_EMPTY\)/);
  });
});
