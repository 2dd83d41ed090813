/** Options for {@link AppError}. `details` must never hold personal data: it is logged. */
export interface AppErrorOptions {
  retryable?: boolean;
  cause?: unknown;
  details?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * The one error type of Kindly. `code` is machine-readable (dead-letter records and metrics
 * carry it); `retryable` says whether trying the same work again may succeed, so that the
 * runtime retries transient failures and dead-letters permanent ones at once.
 */
export class AppError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly retryable: boolean;
  readonly details: Readonly<Record<string, string | number | boolean>>;

  constructor(code: Code, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }
}

/** Errors that are not an {@link AppError} are unknown, and unknown failures are retried. */
export function isRetryable(error: unknown): boolean {
  return error instanceof AppError ? error.retryable : true;
}
