import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createAppServices } from '../app-services.js';
import { openDatabase } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { systemClock } from '../platform/clock.js';
import { STAFF_ROLES } from '../users/index.js';
import type { StaffUser } from '../users/index.js';
import { reportStartupError } from './cli-errors.js';

export const userHelp = `Usage: broadsheet user <add|reset-password> [options]

  user add --email <email> --role <${STAFF_ROLES.join('|')}> [--name <name>] [--password <password>]
      Creates a staff account. The first account becomes the owner (an admin who cannot be
      removed or demoted). Without --password a strong one is generated and printed once.
  user reset-password --email <email> [--password <password>]
      Sets a new password and signs the account out everywhere. Without --password a strong
      one is generated and printed once.

Passwords need at least 10 characters. The BROADSHEET_PASSWORD variable may hold the password
instead of --password, which keeps it out of the shell history.`;

/** Runs `broadsheet user …`; resolves to the exit code. */
export async function runUser(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${userHelp}`);
    return 2;
  }
  const [action, ...extra] = parsed.positionals;
  const { email, role, name } = parsed.values;
  if (!action || !['add', 'reset-password'].includes(action) || extra.length > 0 || !email || (action === 'add' && !role)) {
    console.error(userHelp);
    return 2;
  }
  if (role && !(STAFF_ROLES as readonly string[]).includes(role)) {
    console.error(`--role must be one of ${STAFF_ROLES.join(', ')}; got "${role}".`);
    return 2;
  }
  const given = parsed.values.password ?? process.env.BROADSHEET_PASSWORD;
  const password = given ?? randomBytes(15).toString('base64url');
  try {
    const config = loadConfig({ env: process.env });
    const database = await openDatabase(config);
    const { users } = createAppServices({ db: database.db, clock: systemClock, dataDir: config.DATA_DIR, publicUrl: config.PUBLIC_URL });
    try {
      let user: StaffUser;
      if (action === 'add') {
        user = await users.addUser({ email, name: name ?? email.split('@')[0] ?? email, role: role as (typeof STAFF_ROLES)[number], password }, { system: 'cli' });
        console.log(`Created ${user.isOwner ? 'the owner, ' : ''}${user.role} ${user.name} <${user.email}> (#${user.id}).`);
      } else {
        user = await users.setPassword(email, password);
        console.log(`Set a new password for ${user.email} and signed the account out everywhere.`);
      }
      if (!given) console.log(`Password (shown once): ${password}`);
      console.log(`Sign in: POST ${config.PUBLIC_URL}/api/admin/v1/session with {"email","password"}.`);
      return 0;
    } finally {
      await database.close();
    }
  } catch (error) {
    return reportStartupError(error);
  }
}
