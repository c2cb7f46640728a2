/**
 * Test-only: runs the external validators (xmllint, jing) on documents the feed and sitemap tests
 * fetch, against the schemas in the shared corpus (never copied into the project).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICES_REQUIRED } from '../../test/support/test-databases.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The corpus's schemas folder, beside the checkout: /work/shared/corpus/schemas for /work/main. */
export const SCHEMAS_DIR = join(repoRoot, '..', 'shared', 'corpus', 'schemas');

const checked = new Map<string, boolean>();

/**
 * Whether `tool` is installed. Missing: a loud notice and false (the caller skips its assertions),
 * or a thrown error when BROADSHEET_REQUIRE_SERVICES=1, as in CI.
 */
export function isToolAvailable(tool: 'xmllint' | 'jing'): boolean {
  const known = checked.get(tool);
  if (known !== undefined) return known;
  const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).status === 0;
  if (!found) {
    const hint = tool === 'xmllint' ? 'apt-get install libxml2-utils' : 'apt-get install jing';
    if (SERVICES_REQUIRED) throw new Error(`${tool} is required (BROADSHEET_REQUIRE_SERVICES=1) but is not installed: ${hint}`);
    console.warn(`\n*** SKIPPING ${tool} validation: ${tool} is not installed (${hint}). CI requires it. ***\n`);
  }
  checked.set(tool, found);
  return found;
}

/** Result of one validator run: ok, and the validator's own words when not. */
export interface ValidationResult {
  ok: boolean;
  output: string;
}

/** `xmllint --noout --nonet --schema <xsd>` on `xml`. */
export function validateWithXmllint(xml: string, xsdPath: string): ValidationResult {
  return runOnFile(xml, 'document.xml', (file) => ['xmllint', ['--noout', '--nonet', '--schema', xsdPath, file]]);
}

/** `jing -c <rnc>` on `xml` (RELAX NG compact syntax, e.g. the RFC 4287 Atom schema). */
export function validateWithJing(xml: string, rncPath: string): ValidationResult {
  return runOnFile(xml, 'document.xml', (file) => ['jing', ['-c', rncPath, file]]);
}

function runOnFile(content: string, name: string, command: (file: string) => [string, string[]]): ValidationResult {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-feed-check-'));
  try {
    const file = join(dir, name);
    writeFileSync(file, content);
    const [program, args] = command(file);
    const result = spawnSync(program, args, { encoding: 'utf8' });
    // Debian's jing wrapper warns about optional jars on every run; those lines are noise.
    const output = `${result.stdout}${result.stderr}`.split('\n').filter((line) => !/^\[warning\] .*Unable to locate/.test(line));
    return { ok: result.status === 0, output: output.join('\n').trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
