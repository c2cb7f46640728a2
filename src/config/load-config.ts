import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configKeys, configSchema } from './config-schema.js';
import type { Config } from './config-schema.js';

/** Raised when configuration is invalid; `problems` lists every mistake, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Environment variables; usually `process.env`. */
  env: Record<string, string | undefined>;
  /**
   * Path of a JSON config file. When omitted, `CONFIG_FILE` from env is used, else
   * `./broadsheet.config.json` if it exists. A named file that is missing is an error.
   */
  file?: string;
}

/**
 * Merges environment variables over the optional config file, validates the result and
 * reports every problem at once. Values are validated, never silently corrected.
 */
export function loadConfig({ env, file }: LoadConfigOptions): Config {
  const problems: string[] = [];
  const fromFile = readConfigFile(file ?? env.CONFIG_FILE, problems);
  const merged: Record<string, unknown> = { ...fromFile };
  for (const key of configKeys) {
    const value = env[key];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) problems.push(`${key}: unknown setting (known: ${configKeys.join(', ')})`);
      } else {
        const key = issue.path.join('.') || '(config)';
        problems.push(`${key}: ${issue.message}`);
      }
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const value = parsed.data;
  const publicUrl = (value.PUBLIC_URL ?? `http://${formatHost(value.HOST)}:${value.PORT}`).replace(/\/+$/, '');
  return Object.freeze({ ...value, DATA_DIR: resolve(value.DATA_DIR), THEME_DIR: resolve(value.THEME_DIR), PUBLIC_URL: publicUrl });
}

function readConfigFile(path: string | undefined, problems: string[]): Record<string, unknown> {
  const explicit = path !== undefined && path !== '';
  const target = explicit ? path : 'broadsheet.config.json';
  if (!existsSync(target)) {
    if (explicit) problems.push(`CONFIG_FILE: file not found: ${target}`);
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(target, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push(`CONFIG_FILE: ${target} must hold a JSON object`);
      return {};
    }
    return parsed as Record<string, unknown>;
  } catch (error) {
    problems.push(`CONFIG_FILE: ${target} is not valid JSON (${(error as Error).message})`);
    return {};
  }
}

function formatHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
