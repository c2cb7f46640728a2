/** @module demo — the demo newspaper: original sample content and its seeder. */
export { isEmptyPublication, seedDemoIfEmpty } from './seed-demo.js';
export type { SeedResult } from './seed-demo.js';
