export { AppError, isRetryable } from './app-error.js';
export type { AppErrorOptions } from './app-error.js';
export { assertNever } from './assert-never.js';
export { safeErrorText } from './error-text.js';
