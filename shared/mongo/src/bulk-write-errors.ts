import type { MongoBulkWriteError, WriteError } from 'mongodb';

/** The failed operations of a bulk write, each with its index in the batch (the driver gives one or a list). */
export function writeErrorsOf(error: MongoBulkWriteError): readonly WriteError[] {
  const errors: WriteError | readonly WriteError[] = error.writeErrors;
  return isList(errors) ? errors : [errors];
}

function isList(errors: WriteError | readonly WriteError[]): errors is readonly WriteError[] {
  return Array.isArray(errors);
}
