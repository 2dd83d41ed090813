/**
 * The audit as JSON lines: one record per line, its chain fields and its body exactly as kept,
 * so that an examiner's own tool can recompute the body hashes and walk the chains.
 */
import type { FoundRecord } from '../domain/audit-query.js';
import { streamTo, type OutputOptions } from './stream-to.js';

export async function writeAuditJsonLines(
  records: AsyncIterable<FoundRecord>,
  out: NodeJS.WritableStream,
  options: OutputOptions = {},
): Promise<void> {
  await streamTo(linesOf(records), undefined, out, options);
}

async function* linesOf(records: AsyncIterable<FoundRecord>): AsyncGenerator<string> {
  for await (const record of records) {
    // Fields named one by one: a fixed order, and nothing a store adds (an `_id`) slips out.
    const line = {
      tenantId: record.tenantId,
      accountId: record.accountId,
      seq: record.seq,
      recordedAt: record.recordedAt,
      prevHash: record.prevHash,
      bodyHash: record.bodyHash,
      hash: record.hash,
      ...(record.body ? { body: record.body } : {}),
    };
    yield `${JSON.stringify(line)}\n`;
  }
}
