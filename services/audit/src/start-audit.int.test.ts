/**
 * The audit service on a real broker and MongoDB-wire server: every event kept once, chained per
 * account; an address found by its keyed hash and never stored in clear; the content sent sealed
 * and readable with the key; anchors; and tampering done in the database found by `verify`.
 */
import { eventTypes, sampleEvents, topicCatalog, type AnyEvent } from '@kindly/contracts';
import { createKafka, createProducer, type Producer } from '@kindly/kafka';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnchorRepository, AUDIT_ANCHORS } from './data-access/anchors.repository.js';
import { createAuditReader } from './data-access/audit-reader.js';
import { AUDIT_RECORDS, type AuditRecordDocument } from './data-access/audit-records.repository.js';
import { createAuditSearch } from './data-access/audit-search.js';
import { AUDIT_EVIDENCE, type EvidenceDocument } from './data-access/evidence.repository.js';
import { addressKeyer } from './domain/address-keys.js';
import { anchorPeriods } from './domain/anchor-periods.use-case.js';
import { addressQueryKey } from './domain/audit-query.js';
import { open, parseKeyEncryptionKeys } from './domain/evidence-cipher.js';
import { verifyAudit } from './domain/verify-audit.use-case.js';
import { startAuditService, TEST_ADDRESS_KEY } from './testing/audit-service.fixture.js';

const TENANT = 'bank-1';
const ACCOUNT = 'acc-audit-1';
const PHONE = '+12125550147';

/** An account's story: contact, consent, plan, render, an accepted send to its number. */
function story(): AnyEvent[] {
  const retag = <E extends AnyEvent>(event: E, n: number): E => ({
    ...event,
    eventId: `${event.eventId.slice(0, 24)}-audit-${n}`,
    tenantId: TENANT,
    payload: { ...event.payload, accountId: ACCOUNT },
  });
  const contact = sampleEvents['contact.updated'];
  const consent = sampleEvents['contact.consent'];
  const outcome = sampleEvents['delivery.outcome'];
  const withPhone: AnyEvent = {
    ...contact,
    payload: { ...contact.payload, phones: [{ number: PHONE, type: 'mobile', primary: true }] },
  };
  const consentPayload = consent.payload;
  if (consentPayload.channel !== 'sms') throw new Error('the sample consent is for texts');
  const consentToPhone: AnyEvent = { ...consent, payload: { ...consentPayload, address: PHONE } };
  const accepted: AnyEvent = {
    ...outcome,
    payload: { ...outcome.payload, status: 'accepted', to: PHONE },
  };
  return [
    retag(withPhone, 1),
    retag(consentToPhone, 2),
    retag(sampleEvents['outreach.planned'], 3),
    retag(sampleEvents['outreach.rendered'], 4),
    retag(accepted, 5),
  ];
}

describe('audit service', () => {
  let ns: ProvisionedNamespace;
  let producer: Producer;
  let audit: Awaited<ReturnType<typeof startAuditService>>;
  const records = () => ns.mongo.db.collection<AuditRecordDocument>(AUDIT_RECORDS);
  const publish = async (...events: AnyEvent[]) => {
    for (const event of events) {
      await producer.send({
        topic: ns.topic(event.type),
        messages: [{ key: event.payload.accountId, value: JSON.stringify(event) }],
      });
    }
  };
  const until = async (what: string, condition: () => Promise<boolean>) => {
    const deadline = Date.now() + 60_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const verify = (nowMs = Date.now()) =>
    verifyAudit(createAuditReader(ns.mongo.db), {
      nowMs,
      periodMinutes: audit.settings.AUDIT_ANCHOR_PERIOD_MINUTES,
      graceMs: audit.settings.AUDIT_ANCHOR_GRACE_SECONDS * 1_000,
      minRetentionYears: 3,
    });

  beforeAll(async () => {
    ns = await provisionTestNamespace('audit', eventTypes);
    const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'audit-test-writer' });
    producer = createProducer(kafka);
    await producer.connect();
    audit = await startAuditService(ns);
    await publish(...story());
    await until(
      'the story kept',
      async () => (await records().countDocuments({ accountId: ACCOUNT })) === 5,
    );
  });
  afterAll(async () => {
    await audit?.stop();
    await producer?.disconnect();
    await ns?.cleanup();
  });

  it('keeps every event once, chained in the order it was kept', async () => {
    await publish(story()[0]!); // again: a duplicate
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const chain = await records().find({ accountId: ACCOUNT }).sort({ seq: 1 }).toArray();
    expect(chain.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(chain.map((r) => r.type))).toEqual(
      new Set([
        'contact.updated',
        'contact.consent',
        'outreach.planned',
        'outreach.rendered',
        'delivery.outcome',
      ]),
    );
    expect(topicCatalog['delivery.outcome'].schemaVersion).toBe('1.2.0');
    expect(await verify()).toMatchObject({
      ok: true,
      accounts: 1,
      records: 5,
      unanchoredRecords: 5,
    });
  });

  it('finds an account’s records by address, with no address or name stored in clear', async () => {
    const key = addressQueryKey(addressKeyer(TEST_ADDRESS_KEY), PHONE);
    const found = [];
    for await (const r of createAuditSearch(ns.mongo.db).find({ addressKey: key, limit: 100 })) {
      found.push(r);
    }
    expect(found.map((r) => r.body?.type).sort()).toEqual([
      'contact.consent',
      'contact.updated',
      'delivery.outcome',
    ]);
    const stored = JSON.stringify([
      await records().find().toArray(),
      await ns.mongo.db.collection(AUDIT_EVIDENCE).find().toArray(),
    ]);
    const contact = sampleEvents['contact.updated'].payload;
    for (const clear of [
      PHONE,
      PHONE.slice(1),
      contact.emails[0]!.address,
      contact.name.family,
      contact.postalAddresses[0]!.lines[0]!,
    ]) {
      expect(stored).not.toContain(clear);
    }
  });

  it('keeps the content sent, sealed, readable with the key', async () => {
    const rendered = story()[3]!;
    const sealed = await ns.mongo.db
      .collection<EvidenceDocument>(AUDIT_EVIDENCE)
      .findOne({ _id: rendered.eventId });
    expect(sealed?.keyId).toBe('one');
    const keys = parseKeyEncryptionKeys(
      audit.settings.AUDIT_EVIDENCE_KEYS,
      audit.settings.AUDIT_EVIDENCE_ACTIVE_KEY,
    );
    const content = JSON.parse(open(keys, rendered.eventId, sealed!).toString()) as unknown;
    expect(content).toEqual(
      rendered.type === 'outreach.rendered' ? rendered.payload.content : null,
    );
  });

  it('anchors ended periods, and verify finds each kind of tampering done in the store', async () => {
    const later = Date.now() + 3 * 3_600_000;
    const anchorRepo = createAnchorRepository(ns.mongo.db);
    const round = await anchorPeriods(
      anchorRepo,
      { periodMinutes: 60, graceMs: 120_000, perRound: 24 },
      later,
    );
    expect(round.anchored).toBeGreaterThanOrEqual(1);
    expect(await verify(later)).toMatchObject({ ok: true, unanchoredRecords: 0 });

    const second = await records().findOne({ accountId: ACCOUNT, seq: 2 });
    // An edit of a kept body.
    await records().updateOne({ _id: second!._id }, { $set: { 'body.payload.status': 'revoked' } });
    expect((await verify(later)).brokenChains[0]).toMatchObject({
      seq: 2,
      reason: 'BODY_HASH_MISMATCH',
    });
    await records().replaceOne({ _id: second!._id }, second!);
    expect((await verify(later)).ok).toBe(true);

    // Deleted evidence (the content sent) of a record that still has its body.
    const evidence = ns.mongo.db.collection(AUDIT_EVIDENCE);
    const sealed = await evidence.find().toArray();
    await evidence.deleteMany({});
    expect((await verify(later)).brokenChains[0]).toMatchObject({ reason: 'EVIDENCE_MISSING' });
    await evidence.insertMany(sealed);

    // A deleted tail: the chain cannot tell, its period's anchor can.
    const last = await records().findOne({ accountId: ACCOUNT, seq: 5 });
    await records().deleteOne({ _id: last!._id });
    const tail = await verify(later);
    expect(tail.brokenChains).toEqual([]);
    expect(tail.brokenAnchor).toMatchObject({ reason: 'ANCHOR_COUNT_MISMATCH' });
    await records().insertOne(last!);

    // A deleted chain.
    const chain = await records().find({ accountId: ACCOUNT }).toArray();
    await records().deleteMany({ accountId: ACCOUNT });
    expect((await verify(later)).brokenAnchor).toMatchObject({ reason: 'ANCHOR_COUNT_MISMATCH' });
    await records().insertMany(chain);

    // A deleted anchor (the last one): its period is left without one.
    const anchors = ns.mongo.db.collection(AUDIT_ANCHORS);
    const kept = await anchors.find().toArray();
    await anchors.deleteMany({});
    const gone = await verify(later);
    expect(gone.ok).toBe(false);
    expect(gone.missingAnchor).toBeDefined();
    await anchors.insertMany(kept);
    expect((await verify(later)).ok).toBe(true);
  });
});
