import { createAppServices } from '../app-services.js';
import { openDatabase } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { systemClock } from '../platform/clock.js';
import { reportStartupError } from './cli-errors.js';

export const contentKeyHelp = `Usage: broadsheet content-key <add|list|revoke> [arguments]

Manages keys for the read-only Content API (/api/content/v1).

  content-key add <name>    create a key; it is printed once and never shown again
  content-key list          list keys (id, name, prefix, created, last used, revoked)
  content-key revoke <id>   revoke a key; requests with it get 401 from then on`;

export async function runContentKey(positionals: string[]): Promise<number> {
  const [action, argument, ...extra] = positionals;
  if (!action || !['add', 'list', 'revoke'].includes(action) || extra.length > 0) {
    console.error(contentKeyHelp);
    return 2;
  }
  if ((action === 'add' || action === 'revoke') && !argument) {
    console.error(`content-key ${action} needs ${action === 'add' ? 'a name' : 'a key id'}.\n\n${contentKeyHelp}`);
    return 2;
  }
  try {
    const config = loadConfig({ env: process.env });
    const database = await openDatabase(config);
    const { contentKeys } = createAppServices({ db: database.db, clock: systemClock });
    try {
      if (action === 'add') {
        const { key, info } = await contentKeys.issueKey(argument ?? '');
        console.log(`Created content key #${info.id} "${info.name}". Keep it safe; it is not shown again:\n\n  ${key}\n`);
        console.log(`Use it as ?key=… or the X-Content-Key header, e.g.\n  curl -H 'X-Content-Key: ${key}' ${config.PUBLIC_URL}/api/content/v1/articles`);
      } else if (action === 'list') {
        const keys = await contentKeys.listKeys();
        if (keys.length === 0) console.log('No content keys yet. Create one with: broadsheet content-key add <name>');
        for (const k of keys) {
          console.log(`#${k.id}\t${k.name}\t${k.prefix}…\tcreated ${k.createdAt}\tlast used ${k.lastUsedAt ?? 'never'}${k.revokedAt ? `\tREVOKED ${k.revokedAt}` : ''}`);
        }
      } else {
        const id = Number(argument);
        if (!Number.isInteger(id) || id <= 0) {
          console.error(`"${argument}" is not a key id (a positive whole number; see content-key list).`);
          return 2;
        }
        await contentKeys.revokeKey(id);
        console.log(`Revoked content key #${id}.`);
      }
      return 0;
    } finally {
      await database.close();
    }
  } catch (error) {
    return reportStartupError(error);
  }
}
