import { eventTypes, type AnyEvent, type EventType } from '@kindly/contracts';
import type { Db } from '@kindly/mongo';
import type { AccountHistoryReader } from '../domain/violation-report.use-case.js';
import { AUDIT_RECORDS, type AuditRecordDocument } from './audit-records.repository.js';

/**
 * Each account's kept events, streamed in chain order and handed over one account at a time.
 * A record whose body retention removed is left out (nothing is left to check in it).
 */
export function createAccountHistories(
  db: Db,
  filter: { readonly tenantId?: string; readonly accountId?: string } = {},
): AccountHistoryReader {
  const records = db.collection<AuditRecordDocument>(AUDIT_RECORDS);
  return {
    async *histories() {
      const cursor = records
        .find({ ...filter }, { projection: { tenantId: 1, accountId: 1, seq: 1, body: 1 } })
        .sort({ tenantId: 1, accountId: 1, seq: 1 })
        .batchSize(2_000);
      let current: { tenantId: string; accountId: string; events: AnyEvent[] } | undefined;
      for await (const doc of cursor) {
        if (current?.tenantId !== doc.tenantId || current.accountId !== doc.accountId) {
          if (current) yield current;
          current = { tenantId: doc.tenantId, accountId: doc.accountId, events: [] };
        }
        // The audit's own records (holds, expiry) are not events of the pipeline.
        if (doc.body && isPipelineType(doc.body.type)) {
          current.events.push(eventOf(doc.tenantId, doc.body));
        }
      }
      if (current) yield current;
    },
  };
}

/** A kept body as the event it was (its payload as kept: addresses keyed, content moved out). */
function eventOf(tenantId: string, body: NonNullable<AuditRecordDocument['body']>): AnyEvent {
  const { evidence: _evidence, ...event } = body;
  // The body was an AnyEvent with the same fields; only the payload's personal data differ.
  const kept: unknown = { ...event, tenantId };
  return kept as AnyEvent;
}

const pipelineTypes: ReadonlySet<string> = new Set(eventTypes);
const isPipelineType = (type: string): type is EventType => pipelineTypes.has(type);
