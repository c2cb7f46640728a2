import { AppError } from '../platform/errors/app-error.js';

/** Errors of the imports module, by stable code. */
export const importErrors = {
  /** The export file cannot be used at all (not well-formed, hostile, wrong format); `detail` names where it failed. */
  badFile: (detail: string) => new AppError({ code: 'IMPORT_FILE_INVALID', status: 400, title: 'Import file refused', detail }),
  /** One item of an otherwise good file cannot be imported; it is skipped with this reason. */
  badItem: (detail: string) => new AppError({ code: 'IMPORT_ITEM_INVALID', status: 400, title: 'Import item skipped', detail }),
  /** Bad command-line options. */
  badOption: (detail: string) => new AppError({ code: 'IMPORT_OPTION_INVALID', status: 400, title: 'Invalid import option', detail }),
};
