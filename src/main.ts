import { runCli } from './cli/broadsheet.js';

// `npm start` runs this file: `broadsheet serve` plus any extra arguments (e.g. -- --empty).
const code = await runCli(['serve', ...process.argv.slice(2)]);
if (code !== undefined) process.exit(code);
