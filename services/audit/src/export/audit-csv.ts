/**
 * The examiner's CSV (RFC 4180, a header row, UTF-8): one row per audit record, in the order the
 * records come (by tenant, account and sequence number), written as they are read.
 */
import { stringify } from 'csv-stringify';
import type { FoundRecord } from '../domain/audit-query.js';
import { AUDIT_CSV_COLUMNS, auditCsvRow, type AuditCsvRow } from './audit-csv-row.js';
import { CustomerZoneTracker } from './customer-zone.js';
import { streamTo, type OutputOptions } from './stream-to.js';

export interface AuditCsvOptions extends OutputOptions {
  /**
   * Start with a UTF-8 byte order mark, so that Excel reads Chinese text as UTF-8 rather than
   * in the machine's code page (default false: other readers take the mark for data).
   */
  readonly byteOrderMark?: boolean;
  /**
   * Prefix a value that starts with `=`, `+`, `-`, `@`, tab or carriage return with `'`, so that a
   * spreadsheet shows free text (a suppression's detail) rather than running it as a formula
   * (default false: the file then holds every value exactly as kept, for tools that read it).
   */
  readonly escapeFormulas?: boolean;
}

export async function writeAuditCsv(
  records: AsyncIterable<FoundRecord>,
  out: NodeJS.WritableStream,
  options: AuditCsvOptions = {},
): Promise<void> {
  const csv = stringify({
    header: true,
    columns: [...AUDIT_CSV_COLUMNS],
    bom: options.byteOrderMark ?? false,
    escape_formulas: options.escapeFormulas ?? false,
    // RFC 4180 ends records with CRLF; quoting is csv-stringify's (only where a value needs it).
    record_delimiter: 'windows',
  });
  await streamTo(rowsOf(records), csv, out, options);
}

async function* rowsOf(records: AsyncIterable<FoundRecord>): AsyncGenerator<AuditCsvRow> {
  const zones = new CustomerZoneTracker();
  for await (const record of records) yield auditCsvRow(record, zones.zoneFor(record));
}
