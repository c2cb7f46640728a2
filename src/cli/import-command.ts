import { archiveImportKind } from './archive-command.js';
import { ninjsImportKind } from './ninjs-import-command.js';

/** One kind of `broadsheet import <kind> …`: its help text and how to run it. */
export interface ImportKind {
  /** One line for the list of kinds. */
  summary: string;
  help: string;
  run(argv: string[]): Promise<number>;
}

/** Every import kind, one line each; other formats add their own entry here. */
export const importKinds: Record<string, ImportKind> = {
  ninjs: ninjsImportKind,
  archive: archiveImportKind,
};

export function importHelp(): string {
  const kinds = Object.entries(importKinds)
    .map(([name, kind]) => `  ${name.padEnd(12)} ${kind.summary}`)
    .join('\n');
  return `Usage: broadsheet import <kind> <file> [options]

Kinds:
${kinds}

Run "broadsheet import <kind> --help" for a kind's options.`;
}

/** Runs `broadsheet import <kind> …`; resolves to the exit code. */
export async function runImport(argv: string[]): Promise<number> {
  const [kind, ...rest] = argv;
  if (!kind || kind === '--help' || kind === '-h') {
    console.log(importHelp());
    return kind ? 0 : 2;
  }
  const entry = importKinds[kind];
  if (!entry) {
    console.error(`Unknown import kind "${kind}".\n\n${importHelp()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(entry.help);
    return 0;
  }
  return entry.run(rest);
}
