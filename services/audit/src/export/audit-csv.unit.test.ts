import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { sampleEvents } from '@kindly/contracts';
import { AUDIT_CSV_COLUMNS } from './audit-csv-row.js';
import { writeAuditCsv } from './audit-csv.js';
import { addressKey, anEvent, AuditRecords, memoryOutput } from './testing/export-fixtures.js';

const PHONE = sampleEvents['contact.consent'].payload.address;
const SMS_CONTENT = sampleEvents['outreach.rendered'].payload.content;
const SMS_SENT = 'body' in SMS_CONTENT ? SMS_CONTENT.body : '';

async function csvOf(
  audit: AuditRecords,
): Promise<{ text: string; rows: Record<string, string>[] }> {
  const { out, bytes } = memoryOutput();
  await writeAuditCsv(audit.found(), out);
  const text = bytes().toString('utf8');
  const rows: Record<string, string>[] = parse(text, { columns: true });
  return { text, rows };
}

const movedTo = (timeZone: string) =>
  anEvent('contact.updated', '2025-03-01T00:00:00Z', (p) => ({ ...p, timeZone }));

describe('writeAuditCsv', () => {
  it('writes a header and one row per record, every value as kept and no address in clear', async () => {
    const audit = new AuditRecords()
      .add(sampleEvents['contact.updated'])
      .add(sampleEvents['outreach.planned'])
      .add(sampleEvents['outreach.rendered'])
      .add(
        anEvent('delivery.outcome', '2025-03-04T02:00:05Z', (p) => ({
          ...p,
          status: 'failed',
          errorCode: '30003',
          to: PHONE,
        })),
      )
      .add(sampleEvents['outreach.suppressed']);
    const { text, rows } = await csvOf(audit);

    const table: string[][] = parse(text);
    expect(table[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(table).toHaveLength(1 + audit.records.length);
    for (const row of table) expect(row).toHaveLength(AUDIT_CSV_COLUMNS.length);

    const [contact, planned, rendered, outcome, suppressed] = rows;
    expect(contact).toMatchObject({ tenant: 'demo-bank', account: 'acc-0001', seq: '1' });
    expect(contact).toMatchObject({ type: 'contact.updated', time_zone: 'Asia/Shanghai' });
    expect(planned).toMatchObject({
      seq: '2',
      occurred_at: '2025-03-04T01:00:02Z',
      occurred_at_local: '2025-03-04T09:00:02+08:00',
      channel: 'sms',
      template_id: 'overdue-notice-1',
      strategy_id: 'card-standard',
      strategy_version: '3',
      purpose: 'servicing',
      reasons: 'DPD_1_TO_7;PRIMARY_MOBILE',
      message_id: sampleEvents['outreach.planned'].payload.messageId,
    });
    expect(rendered).toMatchObject({
      template_version: '1.0.0',
      content_hash: sampleEvents['outreach.rendered'].payload.contentHash,
    });
    expect(outcome).toMatchObject({
      status: 'failed',
      attempt: '1',
      error_code: '30003',
      address_key: addressKey('phone', PHONE),
    });
    expect(suppressed).toMatchObject({ checkpoint: 'plan', reasons: 'DISPUTE' });
    expect(rows.map((r) => r['record_hash'])).toEqual(audit.records.map((r) => r.hash));
    expect(rows.map((r) => r['prev_hash'])).toEqual(audit.records.map((r) => r.prevHash));
    expect(rows.map((r) => r['body_hash'])).toEqual(audit.records.map((r) => r.bodyHash));
    expect(rows[1]!['prev_hash']).toBe(rows[0]!['record_hash']);
    expect(rows.map((r) => r['recorded_at'])).toEqual(audit.records.map((r) => r.recordedAt));

    // The clear addresses, names and the SMS text sent are nowhere in the file.
    const contactPayload = sampleEvents['contact.updated'].payload;
    for (const clear of [
      PHONE,
      contactPayload.emails[0]!.address,
      contactPayload.postalAddresses[0]!.lines[0]!,
      contactPayload.name.family + contactPayload.name.given!,
      SMS_SENT,
    ]) {
      expect(text).not.toContain(clear);
    }
  });

  it('quotes a value with a comma, a quote and a line break, and keeps Chinese text', async () => {
    const detail = '客户来电说"下周再联系", 请暂停\n第二行：经办人备注';
    const audit = new AuditRecords().add(
      anEvent('outreach.cancelled', '2025-03-06T02:15:01Z', (p) => ({
        ...p,
        reason: 'MANUAL',
        detail,
      })),
    );
    const { text, rows } = await csvOf(audit);
    expect(text).toContain('"客户来电说""下周再联系"", 请暂停\n第二行：经办人备注"');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ detail, reasons: 'MANUAL', type: 'outreach.cancelled' });
  });

  it('escapes a value a spreadsheet would run as a formula, when asked, and marks the file as UTF-8', async () => {
    const detail = '=HYPERLINK("http://example.test")';
    const audit = new AuditRecords().add(
      anEvent('outreach.cancelled', '2025-03-06T02:15:01Z', (p) => ({ ...p, detail })),
    );
    const asKept = await csvOf(audit);
    expect(asKept.rows[0]!['detail']).toBe(detail);
    const { out, bytes } = memoryOutput();
    await writeAuditCsv(audit.found(), out, { escapeFormulas: true, byteOrderMark: true });
    const written = bytes();
    expect([...written.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: Record<string, string>[] = parse(written, { columns: true, bom: true });
    expect(rows[0]!['detail']).toBe(`'${detail}`);
  });

  it('gives the local time across the spring-forward change in New York', async () => {
    const audit = new AuditRecords()
      .add(movedTo('America/New_York'))
      // 06:30Z is 01:30 EST (-05:00); at 07:00Z clocks jump from 02:00 to 03:00 EDT (-04:00).
      .add(anEvent('outreach.planned', '2025-03-09T06:30:00Z'))
      .add(anEvent('outreach.released', '2025-03-09T07:30:00Z'));
    const { rows } = await csvOf(audit);
    expect(rows.map((r) => r['occurred_at_local'])).toEqual([
      '2025-02-28T19:00:00-05:00',
      '2025-03-09T01:30:00-05:00',
      '2025-03-09T03:30:00-04:00',
    ]);
    expect(rows.every((r) => r['time_zone'] === 'America/New_York')).toBe(true);
  });

  it('gives the local time in a half-hour zone, and follows the customer when they move', async () => {
    const audit = new AuditRecords()
      .add(movedTo('Asia/Kolkata'))
      .add(anEvent('delivery.outcome', '2025-03-04T02:00:05Z'))
      .add(
        anEvent('contact.updated', '2025-03-05T00:00:00Z', (p) => ({
          ...p,
          timeZone: 'Australia/Adelaide',
        })),
      )
      .add(anEvent('delivery.outcome', '2025-03-06T02:00:05Z'))
      // A contact record that arrives late (older than the one in force) does not move them back.
      .add(
        anEvent('contact.updated', '2025-03-04T12:00:00Z', (p) => ({
          ...p,
          timeZone: 'Asia/Kolkata',
        })),
      )
      .add(anEvent('delivery.outcome', '2025-03-07T02:00:05Z'));
    const { rows } = await csvOf(audit);
    expect(rows[1]).toMatchObject({
      time_zone: 'Asia/Kolkata',
      occurred_at_local: '2025-03-04T07:30:05+05:30',
    });
    expect(rows[3]).toMatchObject({
      time_zone: 'Australia/Adelaide',
      occurred_at_local: '2025-03-06T12:30:05+10:30',
    });
    expect(rows[5]).toMatchObject({ time_zone: 'Australia/Adelaide' });
  });

  it('leaves the local time blank before an account has a contact record, and per account', async () => {
    const audit = new AuditRecords()
      .add(sampleEvents['account.overdue'], 'acc-a')
      .add(movedTo('Europe/London'), 'acc-a')
      .add(sampleEvents['account.overdue'], 'acc-b');
    const { rows } = await csvOf(audit);
    expect(rows.map((r) => [r['account'], r['time_zone'], r['occurred_at_local']])).toEqual([
      ['acc-a', '', ''],
      ['acc-a', 'Europe/London', '2025-03-01T00:00:00Z'.replace('Z', '+00:00')],
      ['acc-b', '', ''],
    ]);
  });

  it('keeps the chain columns of a record whose body retention removed', async () => {
    const audit = new AuditRecords().add(sampleEvents['account.overdue']);
    const [record] = audit.records;
    const { body: _removed, ...withoutBody } = record!;
    const { out, bytes } = memoryOutput();
    await writeAuditCsv(
      (async function* () {
        yield withoutBody;
      })(),
      out,
    );
    const rows: Record<string, string>[] = parse(bytes().toString('utf8'), { columns: true });
    expect(rows[0]).toMatchObject({
      seq: '1',
      record_hash: record!.hash,
      type: '',
      occurred_at: '',
    });
  });
});
