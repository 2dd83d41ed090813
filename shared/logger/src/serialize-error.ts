import { maskText } from './mask-text.js';

/** What an error becomes in a log line. Other own properties of the error are dropped on purpose. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string | number;
  retryable?: boolean;
  details?: unknown;
  stack?: string;
  cause?: SerializedError | string;
}

/** Options for {@link serializeError}. */
export interface SerializeErrorOptions {
  /** Whether to keep the stack (file paths, and the message again: masked too). */
  stack: boolean;
  /** Masks nested values (`details`); the logger passes its deep masker. */
  maskValue: (value: object) => unknown;
}

// A cause chain is short; a cycle (a.cause = b, b.cause = a) must not hang the logger.
const MAX_CAUSES = 5;

/**
 * Turns an error into a plain object with only the fields worth logging: `name`, `code` and
 * `retryable` (set by `AppError`), the masked `message`, `details` (documented as free of personal
 * data, masked anyway), the cause chain and, when asked for, the masked `stack`.
 *
 * Everything else an error may carry (an HTTP client's request, headers and body, a driver's
 * command document) is dropped, since those are where addresses and phone numbers hide.
 */
export function serializeError(
  error: Error,
  options: SerializeErrorOptions,
  depth = 0,
): SerializedError {
  const out: SerializedError = { name: maskText(error.name), message: maskText(error.message) };
  const code = 'code' in error ? error.code : undefined;
  if (typeof code === 'string') out.code = maskText(code);
  else if (typeof code === 'number') out.code = code;
  const retryable = 'retryable' in error ? error.retryable : undefined;
  if (typeof retryable === 'boolean') out.retryable = retryable;
  const details = 'details' in error ? error.details : undefined;
  if (typeof details === 'object' && details !== null) out.details = options.maskValue(details);
  if (options.stack && typeof error.stack === 'string') out.stack = maskText(error.stack);
  const { cause } = error;
  if (cause instanceof Error) {
    out.cause =
      depth < MAX_CAUSES ? serializeError(cause, options, depth + 1) : '[cause chain too long]';
  } else if (typeof cause === 'string') {
    out.cause = maskText(cause);
  }
  return out;
}
