import { AppError } from '../platform/errors/app-error.js';

/** Errors of the trending module, by stable code. */
export const trendingErrors = {
  throttled: () =>
    new AppError({ code: 'BEACON_THROTTLED', status: 429, title: 'Too many beacons', detail: 'This address sent more page-view beacons than a reader can; try again in a moment.' }),
  unknownSection: (path: string) =>
    new AppError({ code: 'UNKNOWN_SECTION', status: 400, title: 'Unknown section', detail: `There is no top-level section "${path}".`, fields: { section: 'unknown' } }),
};
