import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { SERVICES_REQUIRED } from './test-databases.js';

/** Debian's Chromium; tests never download a browser of their own. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether browser tests can run here; loud when they are skipped, fatal in CI. */
export function isChromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (SERVICES_REQUIRED) throw new Error(`Chromium is required (BROADSHEET_REQUIRE_SERVICES=1) but ${CHROMIUM_PATH} does not exist; .ci/run installs it with apt-get.`);
  console.warn(`\n*** SKIPPING browser tests: ${CHROMIUM_PATH} not found (apt-get install chromium). CI requires them. ***\n`);
  return false;
}

/** Launches headless Chromium with the flags this machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}
