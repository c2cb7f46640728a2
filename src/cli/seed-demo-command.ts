import { openDatabase } from '../app.js';
import { loadConfig } from '../config/load-config.js';
import { seedDemoIfEmpty } from '../demo/index.js';
import { reportStartupError } from './cli-errors.js';

export const seedDemoHelp = `Usage: broadsheet seed-demo

Fills an empty database with the demo newspaper (sections, authors, articles, pages,
locally drawn images). Refuses to touch a database that already has content.`;

export async function runSeedDemo(): Promise<number> {
  try {
    const config = loadConfig({ env: process.env });
    const database = await openDatabase(config);
    try {
      const seeded = await seedDemoIfEmpty({ database, dataDir: config.DATA_DIR, log: (line) => console.log(line) });
      if (!seeded) {
        console.error('The database already has content; the demo was not seeded.');
        return 1;
      }
      console.log(`Seeded ${seeded.articles} articles, ${seeded.sections} sections, ${seeded.authors} authors, ${seeded.pages} pages.`);
      return 0;
    } finally {
      await database.close();
    }
  } catch (error) {
    return reportStartupError(error);
  }
}
