/**
 * Audit records for the export tests, made the way the audit makes them: an event from the
 * contracts' samples, kept (`keepEvent`, addresses keyed) and chained per account
 * (`chainNext`), with each rendered message's content held aside as its evidence.
 */
import { Readable, Writable } from 'node:stream';
import { deterministicId, sampleEvents, type EventOf, type EventType } from '@kindly/contracts';
import { addressKeyer } from '../../domain/address-keys.js';
import { keepEvent, type AuditBody } from '../../domain/audit-body.js';
import { chainNext, type ChainedRecord } from '../../domain/audit-chain.js';
import type { FoundRecord } from '../../domain/audit-query.js';

export const addressKey = addressKeyer('an-export-test-address-key-of-more-than-32-chars');

type Payload<K extends EventType> = EventOf<K>['payload'];

/** A sample event of `type` at `occurredAt`, with its payload changed as a test needs. */
export function anEvent<K extends EventType>(
  type: K,
  occurredAt: string,
  change: (payload: Payload<K>) => Payload<K> = (payload) => payload,
): EventOf<K> {
  const sample = sampleEvents[type];
  return {
    ...sample,
    eventId: deterministicId('export-test', type, occurredAt),
    occurredAt,
    payload: change(sample.payload),
  };
}

/** Audit records of several accounts, each account's chained in the order events are added. */
export class AuditRecords {
  readonly records: FoundRecord[] = [];
  /** The content of each rendered message, by evidence id (what the evidence store would open). */
  readonly evidence = new Map<string, unknown>();
  private readonly ends = new Map<string, ChainedRecord<AuditBody>>();

  add(event: EventOf<EventType>, accountId = event.payload.accountId, recordedAt?: string): this {
    const kept = keepEvent(event, addressKey);
    const key = `${event.tenantId}/${accountId}`;
    const at = recordedAt ?? new Date(Date.parse(event.occurredAt) + 1_000).toISOString();
    const record = chainNext(
      { tenantId: event.tenantId, accountId },
      kept.body,
      at,
      this.ends.get(key),
    );
    this.ends.set(key, record);
    this.records.push({
      tenantId: record.tenantId,
      accountId: record.accountId,
      seq: record.seq,
      recordedAt: record.recordedAt,
      prevHash: record.prevHash,
      bodyHash: record.bodyHash,
      hash: record.hash,
      body: kept.body,
    });
    if (kept.content !== undefined && kept.body.evidence) {
      this.evidence.set(kept.body.evidence.id, kept.content);
    }
    return this;
  }

  /** The records as the audit search gives them: ordered by tenant, account and sequence. */
  found(): AsyncIterable<FoundRecord> {
    const sorted = [...this.records].sort(
      (a, b) =>
        a.tenantId.localeCompare(b.tenantId) ||
        a.accountId.localeCompare(b.accountId) ||
        a.seq - b.seq,
    );
    return Readable.from(sorted);
  }
}

/** A stream that keeps what is written to it, to read back once the export has ended it. */
export function memoryOutput(): { readonly out: Writable; readonly bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}
