import { MongoServerError, MongoBulkWriteError } from 'mongodb';

/** MongoDB's error code for a unique-index violation, the same on every server we support. */
export const DUPLICATE_KEY = 11000;

/**
 * True when a write failed only because a unique index already holds the key: for an
 * idempotent handler that means "already done", not a failure.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    const errors: unknown = error.writeErrors;
    const list: unknown[] = Array.isArray(errors) ? errors : [errors];
    return list.length > 0 && list.every(isDuplicateKeyWriteError);
  }
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

function isDuplicateKeyWriteError(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && 'code' in value && value.code === DUPLICATE_KEY
  );
}
