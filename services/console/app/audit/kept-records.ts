/**
 * The audit's records as the API answers them (`/v1/audit/records`, `/v1/audit/search`): kept as
 * the audit keeps them, addresses and names as keyed hashes, content sealed. And the filters the
 * records query and the export share, as the query string the API reads.
 */
import type { Dayjs } from 'dayjs';

export interface KeptRecord {
  readonly tenantId: string;
  readonly accountId: string;
  readonly seq: number;
  readonly recordedAt?: string;
  readonly hash?: string;
  /** Gone once the account's retention has expired: the chain's hashes stay. */
  readonly body?: {
    readonly type: string;
    readonly occurredAt: string;
    readonly payload?: Readonly<Record<string, unknown>>;
  };
}

export interface RecordsFound {
  readonly records: readonly KeptRecord[];
  readonly more: boolean;
}

/** The filters' form, as antd keeps it. */
export interface RecordFilters {
  readonly tenantId?: string;
  readonly accountId?: string;
  readonly channel?: string;
  readonly type?: string;
  readonly period?: readonly [Dayjs | null, Dayjs | null] | null;
  readonly templateId?: string;
  readonly campaignId?: string;
  readonly status?: string;
  readonly rule?: string;
}

const TEXT_FILTERS = [
  'tenantId',
  'accountId',
  'channel',
  'type',
  'templateId',
  'campaignId',
  'status',
  'rule',
] as const;

/** The filters as the API's query: blanks left out, the period as UTC instants. */
export function filtersQuery(filters: RecordFilters): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of TEXT_FILTERS) {
    const value = filters[name]?.trim();
    if (value) query.set(name, value);
  }
  const [from, to] = filters.period ?? [null, null];
  if (from) query.set('from', from.toISOString());
  if (to) query.set('to', to.toISOString());
  return query;
}

/** A string field of a record's payload, or nothing. */
export function payloadText(record: KeptRecord, field: string): string | undefined {
  const value = record.body?.payload?.[field];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
