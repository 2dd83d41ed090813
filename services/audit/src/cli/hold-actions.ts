/**
 * `kindly audit hold place|lift|list`: legal holds, one per account and matter. Each placing and
 * lifting is recorded in the account's chain (which matter, which operator, when): the hold
 * itself first when placing (a crash leaves the account held, unrecorded: the safe side), the
 * record first when lifting (a crash leaves it recorded as lifted and still held: safe again).
 */
import type { Db } from '@kindly/mongo';
import { createAuditRecordRepository } from '../data-access/audit-records.repository.js';
import { createHoldRepository } from '../data-access/holds.repository.js';
import type { AuditBody } from '../domain/audit-body.js';
import { appendToChain } from '../domain/record-event.use-case.js';
import { UsageError } from './cli-errors.js';

// References, not prose: a matter's name can name a person ("Smith v. Bank").
const REFERENCE = /^[A-Za-z0-9._:/#-]{1,64}$/;

export async function placeOrLiftHold(
  db: Db,
  type: 'audit.hold-placed' | 'audit.hold-lifted',
  options: Record<string, unknown>,
  say: (text: string) => void,
): Promise<number> {
  const text = (name: string) => (typeof options[name] === 'string' ? options[name] : '');
  const [tenantId, accountId, matter, by] = ['tenant', 'account', 'matter', 'by'].map(text);
  if (!REFERENCE.test(matter!) || !REFERENCE.test(by!)) {
    throw new UsageError(
      '--matter and --by take references (letters, digits and . _ : / # -, at most 64), not names',
    );
  }
  const holds = createHoldRepository(db);
  const at = new Date();
  const record = async () => {
    const body: AuditBody = {
      eventId: `${type}-${tenantId}-${accountId}-${matter}-${at.getTime()}`,
      type,
      schemaVersion: '1.0.0',
      occurredAt: at.toISOString(),
      correlationId: `audit-hold-${accountId}`,
      causationId: null,
      payload: { accountId: accountId!, matter: matter!, by: by! },
    };
    await appendToChain(
      { store: createAuditRecordRepository(db), recordedNow: () => at },
      { tenantId: tenantId!, accountId: accountId! },
      body.eventId,
      body,
      [],
    );
  };
  if (type === 'audit.hold-placed') {
    const placed = await holds.place({
      tenantId: tenantId!,
      accountId: accountId!,
      matter: matter!,
      by: by!,
      placedAt: at,
    });
    if (!placed) {
      say('that matter already holds the account');
      return 0;
    }
    await record();
    say('hold placed and recorded');
    return 0;
  }
  await record();
  if (!(await holds.lift(tenantId!, accountId!, matter!))) {
    say('that matter held nothing on the account (the lift is recorded)');
    return 1;
  }
  say('hold lifted and recorded');
  return 0;
}

export async function listHolds(db: Db, say: (text: string) => void): Promise<number> {
  for (const h of await createHoldRepository(db).list()) {
    say(`${h.tenantId}/${h.accountId}\t${h.matter}\t${h.placedAt.toISOString()}\t${h.by}`);
  }
  return 0;
}
