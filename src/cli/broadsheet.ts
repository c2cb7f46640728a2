import { parseArgs } from 'node:util';
import { exportHelp, runExport } from './archive-command.js';
import { contentKeyHelp, runContentKey } from './content-key-command.js';
import { importHelp, runImportCommand } from './import-command.js';
import { migrateHelp, runMigrate } from './migrate-command.js';
import { reindexHelp, runReindex } from './reindex-command.js';
import { runSeedDemo, seedDemoHelp } from './seed-demo-command.js';
import { runServe, serveHelp } from './serve-command.js';
import { runUser, userHelp } from './user-command.js';

const mainHelp = `Usage: broadsheet <command> [options]

Commands:
  serve         start the web server (seeds the demo on an empty database; --empty to skip)
  migrate       bring the database schema up to date
  seed-demo     fill an empty database with the demo newspaper
  content-key   add, list or revoke Content API keys
  reindex       rebuild computed indexes (related stories) for every story
  user          add a staff account, or reset a password
  import        import stories or a whole archive (wordpress, ghost, ninjs, archive)
  export        write the whole publication into one archive file

Run "broadsheet <command> --help" for a command's options.
Configuration comes from environment variables (HOST, PORT, DATA_DIR, DATABASE_URL,
REDIS_URL, PUBLIC_URL, DEMO_CONTENT, LOG_LEVEL, THEME_DIR) and an optional
broadsheet.config.json (or CONFIG_FILE); see the README.`;

const helps: Record<string, string> = { serve: serveHelp, migrate: migrateHelp, 'seed-demo': seedDemoHelp, 'content-key': contentKeyHelp, reindex: reindexHelp, user: userHelp, import: importHelp, export: exportHelp };

/** Parses argv and runs one command; resolves to the exit code (undefined: keep running). */
export async function runCli(argv: string[]): Promise<number | undefined> {
  // `import` and `export` parse their own arguments (each import kind has its options).
  if (argv[0] === 'export') {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(exportHelp);
      return 0;
    }
    return runExport(argv.slice(1));
  }
  // `user` has options of its own; it parses its arguments itself.
  if (argv[0] === 'user') {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(userHelp);
      return 0;
    }
    return runUser(argv.slice(1));
  }
  // `import <kind>` has options per kind; it parses its arguments itself.
  if (argv[0] === 'import') return runImportCommand(argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { help: { type: 'boolean', short: 'h' }, empty: { type: 'boolean' } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${mainHelp}`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (!command) {
    console.log(mainHelp);
    return parsed.values.help ? 0 : 2;
  }
  const help = helps[command];
  if (!help) {
    console.error(`Unknown command "${command}".\n\n${mainHelp}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(help);
    return 0;
  }

  if (parsed.values.empty && command !== 'serve') {
    console.error(`--empty is an option of serve only.\n\n${help}`);
    return 2;
  }
  switch (command) {
    case 'serve':
      if (rest.length > 0) {
        console.error(`serve takes no arguments.\n\n${help}`);
        return 2;
      }
      return runServe({ empty: parsed.values.empty === true });
    case 'migrate':
      return runMigrate();
    case 'seed-demo':
      return runSeedDemo();
    case 'user':
      return runUser(rest);
    case 'reindex':
      return runReindex(rest);
    default:
      return runContentKey(rest);
  }
}
