/**
 * One audit record as one row of the examiner's CSV: where it sits in its chain, when it happened
 * in UTC and on the customer's clock, and the fields an examiner filters on. Addresses appear
 * only as their keyed hashes, and sealed content never: the row is built from the kept body
 * alone, which holds no personal data in clear.
 */
import type { FoundRecord } from '../domain/audit-query.js';
import {
  addressKeyOf,
  localIso,
  payloadFields,
  reasonsOf,
  textOf,
  utcIso,
} from './export-fields.js';

export const AUDIT_CSV_COLUMNS = [
  'tenant',
  'account',
  'seq',
  'recorded_at',
  'occurred_at',
  'occurred_at_local',
  'time_zone',
  'type',
  'event_id',
  'channel',
  'stage',
  'message_id',
  'attempt',
  'purpose',
  'template_id',
  'template_version',
  'strategy_id',
  'strategy_version',
  'campaign_id',
  'variant',
  'checkpoint',
  'status',
  'reasons',
  'error_code',
  'detail',
  'address_key',
  'content_hash',
  'prev_hash',
  'body_hash',
  'record_hash',
] as const;

export type AuditCsvColumn = (typeof AUDIT_CSV_COLUMNS)[number];
export type AuditCsvRow = Readonly<Record<AuditCsvColumn, string>>;

/**
 * The row of `record`, given the customer's zone in force for it (blank columns without one).
 * A record whose body retention removed keeps its chain columns and nothing else.
 */
export function auditCsvRow(record: FoundRecord, zone: string | undefined): AuditCsvRow {
  const body = record.body;
  const p = payloadFields(body);
  return {
    tenant: record.tenantId,
    account: record.accountId,
    seq: String(record.seq),
    // As kept (UTC, milliseconds): the very string the link's hash covers.
    recorded_at: record.recordedAt,
    occurred_at: utcIso(body?.occurredAt),
    occurred_at_local: localIso(body?.occurredAt, zone),
    time_zone: zone ?? '',
    type: body?.type ?? '',
    event_id: body?.eventId ?? '',
    channel: textOf(p['channel']),
    stage: textOf(p['stage']),
    message_id: textOf(p['messageId']),
    attempt: textOf(p['attempt']),
    purpose: textOf(p['purpose']),
    template_id: textOf(p['templateId']),
    template_version: textOf(p['templateVersion']),
    strategy_id: textOf(p['strategyId']),
    strategy_version: textOf(p['strategyVersion']),
    campaign_id: textOf(p['campaignId']),
    variant: textOf(p['variant']),
    checkpoint: textOf(p['checkpoint']),
    // A delivery outcome's status; on a consent or an arrangement, theirs (granted, kept…), as
    // the audit query's `status` filter matches them.
    status: textOf(p['status']),
    reasons: reasonsOf(p).join(';'),
    error_code: textOf(p['errorCode']),
    // A suppression's or cancellation's explanation for people: never personal data (contract).
    detail: textOf(p['detail']),
    address_key: addressKeyOf(p),
    content_hash: textOf(p['contentHash']) || (body?.evidence?.contentHash ?? ''),
    // The link: with these an examiner can re-walk each account's chain from the CSV alone.
    prev_hash: record.prevHash,
    body_hash: record.bodyHash,
    record_hash: record.hash,
  };
}
