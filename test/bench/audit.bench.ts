/**
 * The audit at a million records (issue 16): ingest (each event keyed, its content sealed,
 * appended to its account's chain in MongoDB: the service's own use case, fed directly rather
 * than through Kafka), then anchoring, then `verify` over everything (every chain walked, every
 * anchor's root recomputed), then the independent re-check of every send. Accounts are worked on
 * 256 at once, one account's events in order, as the consumer's lanes do.
 *
 * BENCH_AUDIT_RECORDS sets the size (1,000,000 by default; ten events per account).
 */
import { randomBytes } from 'node:crypto';
import { anchorAuditIn, auditIngest, verifyAuditIn, violationsIn } from '@kindly/audit';
import { deterministicId, sampleEvents, type AnyEvent } from '@kindly/contracts';
import { connectMongo, ensureIndexes } from '@kindly/mongo';
import { collectionCatalog } from '@kindly/provisioning';
import type { BenchResult } from './run.js';

const EVENTS_PER_ACCOUNT = 10;
const ACCOUNTS_AT_ONCE = 256;
const PHONE = '+12125550100';

/** One account's story, ten events: contact, consent, overdue, a message's life, a payment. */
function accountEvents(n: number): AnyEvent[] {
  const accountId = `bench-audit-${n}`;
  const s = sampleEvents;
  const contact = s['contact.updated'];
  const consent = s['contact.consent'];
  const outcome = s['delivery.outcome'];
  const consentPayload = consent.payload;
  const events: AnyEvent[] = [
    {
      ...contact,
      payload: { ...contact.payload, phones: [{ number: PHONE, type: 'mobile', primary: true }] },
    },
    consentPayload.channel === 'sms'
      ? { ...consent, payload: { ...consentPayload, address: PHONE } }
      : consent,
    s['account.overdue'],
    s['outreach.planned'],
    s['outreach.released'],
    s['outreach.rendered'],
    { ...outcome, payload: { ...outcome.payload, status: 'accepted', to: PHONE } },
    {
      ...outcome,
      eventId: `${outcome.eventId}-delivered`,
      payload: { ...outcome.payload, status: 'delivered' },
    },
    s['outreach.suppressed'],
    s['account.payment'],
  ];
  return events.map((event) => {
    const moved: unknown = {
      ...event,
      eventId: deterministicId('bench-audit', accountId, event.eventId),
      payload: { ...event.payload, accountId },
    };
    return moved as AnyEvent;
  });
}

export async function benchAudit(mongoUri: string): Promise<BenchResult[]> {
  const records = Number(process.env['BENCH_AUDIT_RECORDS'] ?? 1_000_000);
  const accounts = Math.ceil(records / EVENTS_PER_ACCOUNT);
  const database = `bench_audit_${randomBytes(3).toString('hex')}`;
  const mongo = await connectMongo({ uri: mongoUri, database, appName: 'bench-audit' });
  await ensureIndexes(mongo.db, collectionCatalog);
  const ingest = auditIngest(mongo.db, {
    addressKey: randomBytes(32).toString('base64url'),
    evidenceKeys: `bench:${randomBytes(32).toString('base64')}`,
  });
  const say = (line: string) => console.error(`[audit] ${line}`);
  try {
    say(
      `ingesting ${(accounts * EVENTS_PER_ACCOUNT).toLocaleString('en-US')} records of ${accounts.toLocaleString('en-US')} accounts`,
    );
    let next = 0;
    let done = 0;
    const t0 = performance.now();
    const lane = async () => {
      for (let n = next++; n < accounts; n = next++) {
        for (const event of accountEvents(n)) await ingest(event);
        done += EVENTS_PER_ACCOUNT;
        if (done % 100_000 === 0)
          say(
            `  ${done.toLocaleString('en-US')} in ${((performance.now() - t0) / 1_000).toFixed(0)} s`,
          );
      }
    };
    await Promise.all(Array.from({ length: ACCOUNTS_AT_ONCE }, lane));
    const ingestSeconds = (performance.now() - t0) / 1_000;
    const rss = process.memoryUsage().rss;

    // Everything was kept within the last minutes: one-minute periods (some 150,000 records each
    // at this rate, as many as an hour holds at ~40 records a second), anchored as if ended.
    const anchoring = { periodMinutes: 1, graceMs: 120_000 };
    const later = Date.now() + 3 * 3_600_000;
    const t1 = performance.now();
    const anchors = await anchorAuditIn(mongo.db, anchoring, later);
    const anchorSeconds = (performance.now() - t1) / 1_000;

    const t2 = performance.now();
    const verified = await verifyAuditIn(mongo.db, { ...anchoring, nowMs: later });
    const verifySeconds = (performance.now() - t2) / 1_000;
    if (!verified.ok) throw new Error('the benchmark’s audit did not verify');

    const t3 = performance.now();
    const report = await violationsIn(mongo.db);
    const recheckSeconds = (performance.now() - t3) / 1_000;

    const total = accounts * EVENTS_PER_ACCOUNT;
    return [
      {
        name: `Audit ingest, ${total.toLocaleString('en-US')} records`,
        operations: total,
        seconds: ingestSeconds,
        note: `keyed, sealed and chained into MongoDB, ${ACCOUNTS_AT_ONCE} accounts at once; bench process RSS ${Math.round(rss / 2 ** 20)} MiB after`,
      },
      {
        name: `Audit anchoring, ${total.toLocaleString('en-US')} records`,
        operations: total,
        seconds: anchorSeconds,
        note: `${anchors} periods anchored (RFC 6962 roots)`,
      },
      {
        name: `Audit verify, ${total.toLocaleString('en-US')} records`,
        operations: verified.records,
        seconds: verifySeconds,
        note: `${verified.accounts.toLocaleString('en-US')} chains walked, ${verified.anchorsChecked} anchors recomputed; verified`,
      },
      {
        name: `Audit re-check, ${report.sends.toLocaleString('en-US')} sends`,
        operations: report.sends,
        seconds: recheckSeconds,
        note: `every send of ${report.accounts.toLocaleString('en-US')} accounts re-checked (${report.total} violations found)`,
      },
    ];
  } finally {
    await mongo.db.dropDatabase().catch(() => undefined);
    await mongo.close();
  }
}
