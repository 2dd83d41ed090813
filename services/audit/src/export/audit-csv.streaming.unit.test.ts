/**
 * A large export streams: records are produced only as fast as the output takes the rows, so
 * the exporter never holds more than a bounded number of them, whatever the total.
 */
import { sampleEvents } from '@kindly/contracts';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { keepEvent, type AuditBody } from '../domain/audit-body.js';
import { chainNext, type ChainedRecord } from '../domain/audit-chain.js';
import type { FoundRecord } from '../domain/audit-query.js';
import { writeAuditCsv } from './audit-csv.js';
import { addressKey } from './testing/export-fixtures.js';

const RECORDS = 20_000;

describe('writeAuditCsv on many records', () => {
  it('streams 20,000 records to a slow output with a bounded number in flight', async () => {
    let produced = 0;
    let rowsWritten = 0;
    let mostInFlight = 0;
    const body = keepEvent(sampleEvents['delivery.outcome'], addressKey).body;
    async function* records(): AsyncGenerator<FoundRecord> {
      let end: ChainedRecord<AuditBody> | undefined;
      for (let i = 0; i < RECORDS; i++) {
        // Ten records per account, so the zone tracker resets often.
        const accountId = `acc-${Math.floor(i / 10)}`;
        if (end?.accountId !== accountId) end = undefined;
        const at = new Date(Date.UTC(2025, 2, 4) + i * 1_000).toISOString();
        end = chainNext({ tenantId: 'bank', accountId }, body, at, end);
        produced += 1;
        mostInFlight = Math.max(mostInFlight, produced - rowsWritten);
        yield await Promise.resolve(end);
      }
    }
    const counting = new Writable({
      highWaterMark: 1_024,
      write(chunk: Buffer, _encoding, done) {
        rowsWritten += chunk.toString('utf8').split('\r\n').length - 1;
        // A slow disk or network: the writer waits, and so must the reader of the records.
        setImmediate(done);
      },
    });
    await writeAuditCsv(records(), counting);
    expect(rowsWritten).toBe(RECORDS + 1); // and the header
    expect(produced).toBe(RECORDS);
    // Buffers in between (object-mode queues and csv-stringify's) hold a few dozen rows, not all.
    expect(mostInFlight).toBeLessThan(500);
  });
});
