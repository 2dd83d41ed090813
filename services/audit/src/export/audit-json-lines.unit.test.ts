import { sampleEvents } from '@kindly/contracts';
import { describe, expect, it } from 'vitest';
import { hashOf } from '../domain/canonical-hash.js';
import { writeAuditJsonLines } from './audit-json-lines.js';
import { AuditRecords, memoryOutput } from './testing/export-fixtures.js';

describe('writeAuditJsonLines', () => {
  it('writes one record per line that parses back to the record as kept', async () => {
    const audit = new AuditRecords();
    for (const event of Object.values(sampleEvents)) audit.add(event);
    audit.add(sampleEvents['account.overdue'], 'acc-0002');
    const { out, bytes } = memoryOutput();
    await writeAuditJsonLines(audit.found(), out);

    const text = bytes().toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(audit.records.length);
    const parsed = lines.map((line): unknown => JSON.parse(line));
    expect(parsed).toEqual(audit.records);
    // The body reads back exactly: its hash is the one the chain link was made with.
    const first = audit.records[0]!;
    expect(hashOf((parsed[0] as { body: unknown }).body)).toBe(hashOf(first.body));
    // Keyed, never clear: the contact record's phone number is not in the file.
    expect(text).not.toContain(sampleEvents['contact.updated'].payload.phones[0]!.number);
  });

  it('writes a record whose body retention removed with its chain fields only', async () => {
    const audit = new AuditRecords().add(sampleEvents['account.payment']);
    const { body: _removed, ...link } = audit.records[0]!;
    const { out, bytes } = memoryOutput();
    await writeAuditJsonLines(
      (async function* () {
        yield await Promise.resolve(link);
      })(),
      out,
    );
    expect(JSON.parse(bytes().toString('utf8'))).toEqual(link);
  });

  it('leaves the output open when asked, for an output such as stdout', async () => {
    const audit = new AuditRecords().add(sampleEvents['account.overdue']);
    const { out, bytes } = memoryOutput();
    await writeAuditJsonLines(audit.found(), out, { endOutput: false });
    expect(out.writableEnded).toBe(false);
    out.end('after\n');
    expect(bytes().toString('utf8').split('\n')).toHaveLength(3);
  });
});
