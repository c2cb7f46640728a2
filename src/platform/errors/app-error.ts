/**
 * The one error type callers can act on. `code` is the contract (tests assert it);
 * `title` and `detail` are for people. Rendered as RFC 9457 problem details over HTTP.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly fields: Record<string, string> | undefined;
  /** Extra problem-details members a caller can act on (e.g. `current` for a stale save). */
  readonly extra: Record<string, unknown> | undefined;

  constructor(init: { code: string; status: number; title: string; detail: string; fields?: Record<string, string>; extra?: Record<string, unknown> }) {
    super(init.detail);
    this.name = 'AppError';
    this.code = init.code;
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.fields = init.fields;
    this.extra = init.extra;
  }
}

/** True when `error` is an AppError (also across module copies). */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
