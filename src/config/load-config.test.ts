import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses defaults when nothing is set', () => {
    const config = loadConfig({ env: {} });
    expect(config).toMatchObject({ HOST: '127.0.0.1', PORT: 3000, DEMO_CONTENT: true, LOG_LEVEL: 'info', PUBLIC_URL: 'http://127.0.0.1:3000' });
    expect(config.DATA_DIR).toBe(resolve('./data'));
    expect(config.DATABASE_URL).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every invalid variable at once, by name', () => {
    const problems = problemsOf(() => loadConfig({ env: { PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'http://x', PUBLIC_URL: 'ftp://x', LOG_LEVEL: 'loud' } }));
    expect(problems.map((p) => p.split(':')[0])).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'REDIS_URL', 'PUBLIC_URL', 'LOG_LEVEL']));
    expect(problems).toHaveLength(5);
  });

  it('merges environment variables over the config file and rejects unknown file keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broadsheet-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ PORT: 8080, HOST: '0.0.0.0', PUBLIC_URL: 'https://news.example.com/' }));
    const config = loadConfig({ env: { PORT: '9090' }, file });
    expect(config.PORT).toBe(9090);
    expect(config.HOST).toBe('0.0.0.0');
    expect(config.PUBLIC_URL).toBe('https://news.example.com');

    writeFileSync(file, JSON.stringify({ PROT: 8080 }));
    expect(problemsOf(() => loadConfig({ env: {}, file }))[0]).toMatch(/^PROT: unknown setting/);
    writeFileSync(file, '{ not json');
    expect(problemsOf(() => loadConfig({ env: {}, file }))[0]).toMatch(/^CONFIG_FILE: .* is not valid JSON/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('names a missing config file that was asked for', () => {
    expect(problemsOf(() => loadConfig({ env: { CONFIG_FILE: '/nonexistent/broadsheet.json' } }))).toEqual(['CONFIG_FILE: file not found: /nonexistent/broadsheet.json']);
  });

  it('reads DEMO_CONTENT as a boolean', () => {
    expect(loadConfig({ env: { DEMO_CONTENT: 'false' } }).DEMO_CONTENT).toBe(false);
    expect(problemsOf(() => loadConfig({ env: { DEMO_CONTENT: 'maybe' } }))[0]).toMatch(/^DEMO_CONTENT/);
  });
});
