import { archiveImportKind } from './archive-command.js';
import { ghostImportKind } from './import-ghost-command.js';
import { ninjsImportKind } from './ninjs-import-command.js';
import { wordPressImportKind } from './import-wordpress-command.js';

/** One `broadsheet import <kind>` subcommand. Kinds register here, one line each. */
export interface ImportKindCommand {
  /** One line for the list in `broadsheet import --help`. */
  summary: string;
  help: string;
  run: (args: string[]) => Promise<number>;
}

export type ImportKind = ImportKindCommand;

const importKinds: Record<string, ImportKindCommand> = {
  wordpress: wordPressImportKind,
  ghost: ghostImportKind,
  ninjs: ninjsImportKind,
  archive: archiveImportKind,
};

export const importHelp = `Usage: broadsheet import <kind> <file> [options]

Kinds:
${Object.entries(importKinds)
  .map(([name, kind]) => `  ${name.padEnd(12)}${kind.summary}`)
  .join('\n')}

Run "broadsheet import <kind> --help" for a kind's options.`;

/** `broadsheet import …`: dispatches to the kind's command. */
export async function runImportCommand(args: string[]): Promise<number> {
  const [kindName, ...rest] = args;
  if (!kindName || kindName === '--help' || kindName === '-h') {
    console.log(importHelp);
    return kindName ? 0 : 2;
  }
  const kind = importKinds[kindName];
  if (!kind) {
    console.error(`Unknown import kind "${kindName}".\n\n${importHelp}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(kind.help);
    return 0;
  }
  return kind.run(rest);
}
