import type { MongoBulkWriteError, WriteError } from 'mongodb';
import { AppError } from '@kindly/errors';

/**
 * The failed operations of an unordered bulk write, each with its index in the batch: what a
 * gathered write tells its callers one by one. A write concern error (the writes happened but
 * were not acknowledged as asked, and may be rolled back) or a failure of no single operation
 * fails the whole batch, as a retryable error, so that no caller takes its write as done.
 */
export function writeErrorsOf(error: MongoBulkWriteError): readonly WriteError[] {
  if (error.result.getWriteConcernError() !== undefined) {
    throw new AppError('MONGO_WRITE_CONCERN', 'a batched write was not acknowledged as asked', {
      retryable: true,
    });
  }
  const errors: WriteError | readonly WriteError[] = error.writeErrors;
  const failed = isList(errors) ? errors : [errors];
  if (failed.length === 0) throw batchedWriteFailed(error.code);
  return failed;
}

/**
 * A gathered write's failure for its caller: the code only, since the server's message can quote
 * the document's values (an account id in a duplicate key). Retryable, as an unknown failure is.
 */
export function batchedWriteFailed(code: unknown): AppError {
  const shown = typeof code === 'number' || typeof code === 'string' ? String(code) : 'unknown';
  return new AppError('MONGO_WRITE_FAILED', `a batched write failed with code ${shown}`, {
    retryable: true,
  });
}

function isList(errors: WriteError | readonly WriteError[]): errors is readonly WriteError[] {
  return Array.isArray(errors);
}
