/**
 * What the audit commands' progress bars count: chains verified and records exported, on
 * standard error, so that standard output stays the report a script reads.
 */
import type { Db } from '@kindly/mongo';
import type { Progress } from '@kindly/progress';
import { AUDIT_ACCOUNTS } from '../data-access/audit-records.repository.js';

/**
 * How many chains the audit holds, from the one summary kept per account: a count, not a walk.
 * Unknown (a counter instead of a bar) when the count fails: progress must not end a verify.
 */
export async function chainCount(db: Db): Promise<number | undefined> {
  return db
    .collection(AUDIT_ACCOUNTS)
    .countDocuments({})
    .catch(() => undefined);
}

/** The same records, each one counted on `progress` as it is passed on. */
export async function* counted<T>(records: AsyncIterable<T>, progress: Progress): AsyncIterable<T> {
  for await (const record of records) {
    yield record;
    progress.increment();
  }
}
