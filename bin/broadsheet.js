#!/usr/bin/env node
// The package's command: loads the TypeScript sources through tsx, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/broadsheet.ts');
const code = await runCli(process.argv.slice(2));
if (code !== undefined) process.exit(code);
