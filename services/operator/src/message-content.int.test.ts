import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import {
  deterministicId,
  eventTypes,
  sampleEvents,
  OutreachRenderedV1,
  type OperatorRole,
} from '@kindly/contracts';
import { recordingLogger } from '@kindly/http/testing';
import { bindTopics, createEventPublisher, createKafka, createProducer } from '@kindly/kafka';
import type { Producer } from '@kindly/kafka';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { DateTime } from 'luxon';
import {
  ROLES,
  startOperatorService,
  type OperatorUnderTest,
} from './testing/operator-service.fixture.js';

const TENANT = 'bank-1';
const ACCOUNT = 'ACC-CONTENT-1';
const SMS_TEXT = 'Your card ending 4821 is 3 days overdue: 1,280.50 due. Reply STOP to opt out.';
const EMAIL_SUBJECT = 'A reminder about your card ending 4821';
const EMAIL_TEXT = 'Dear customer, 1,280.50 is overdue on your card ending 4821.';
const REASON = 'complaint CASE-2026-0107: the customer disputes what the text said';

/** A rendered message of the account, as the renderer publishes it (checked by its contract). */
function rendered(
  channel: 'sms' | 'email',
  content: unknown,
  cycle = 'cycle-1',
): OutreachRenderedV1 {
  const sample = sampleEvents['outreach.rendered'];
  const messageId = deterministicId('message', ACCOUNT, cycle, '1', channel);
  return OutreachRenderedV1.parse({
    ...sample,
    eventId: deterministicId('rendered', messageId),
    tenantId: TENANT,
    occurredAt: '2026-03-04T10:00:00Z',
    payload: { ...sample.payload, accountId: ACCOUNT, messageId, channel, content },
  });
}

describe('a kept message’s content, on the real broker and server', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  let producer: Producer;
  const log = recordingLogger('operator');
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));
  const sms = rendered('sms', { body: SMS_TEXT, encoding: 'GSM-7', segments: 1, units: 78 });
  const email = rendered('email', {
    subject: EMAIL_SUBJECT,
    text: EMAIL_TEXT,
    html: `<p>${EMAIL_TEXT}</p>`,
    headers: {},
  });
  // Two more SMS of other cycles: one retention expires, one whose evidence is changed.
  const expiring = rendered(
    'sms',
    { body: SMS_TEXT, encoding: 'GSM-7', segments: 1, units: 78 },
    'cycle-2',
  );
  const changed = rendered(
    'sms',
    { body: SMS_TEXT, encoding: 'GSM-7', segments: 1, units: 78 },
    'cycle-3',
  );
  const path = (messageId: string) =>
    `/v1/accounts/${TENANT}/${ACCOUNT}/messages/${messageId}/content`;

  async function view(role: OperatorRole, messageId: string, body: unknown = { reason: REASON }) {
    const response = await fetch(`${api.operator.url}${path(messageId)}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.keys[role].key}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  async function viewings() {
    return (
      await ns.mongo.db
        .collection<{ type: string; body?: { payload: Record<string, unknown> } }>('audit-records')
        .find({ type: 'operator.action', tenantId: TENANT, accountId: ACCOUNT })
        .toArray()
    ).map((r) => r.body?.payload ?? {});
  }
  async function until(what: string, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('operator-content', eventTypes);
    api = await startOperatorService(ns, clock, { logger: log.logger });
    producer = createProducer(createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'content' }));
    await producer.connect();
    await createEventPublisher(producer, bindTopics(['outreach.rendered'], ns.prefix)).publish(
      'outreach.rendered',
      [sms, email, expiring, changed],
    );
    await until(
      'the messages kept and sealed',
      async () =>
        (await ns.mongo.db
          .collection('audit-records')
          .countDocuments({ type: 'outreach.rendered', accountId: ACCOUNT })) === 4,
    );
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await api?.stop();
    await ns?.cleanup();
  });

  it('keeps the content sealed on the timeline', async () => {
    const response = await fetch(`${api.operator.url}/v1/accounts/${TENANT}/${ACCOUNT}/timeline`, {
      headers: { authorization: `Bearer ${api.keys.auditor.key}` },
    });
    const text = await response.text();
    expect(text).toContain('"sealed":true');
    expect(text).not.toContain('4821 is 3 days overdue');
  });

  it('opens an SMS’s text and an e-mail’s for an auditor, and records each viewing with its reason', async () => {
    const text = await view('auditor', sms.payload.messageId);
    expect(text.status).toBe(200);
    expect(text.body).toMatchObject({
      messageId: sms.payload.messageId,
      channel: 'sms',
      renderedAt: '2026-03-04T10:00:00.000Z',
      content: { body: SMS_TEXT, encoding: 'GSM-7', segments: 1 },
    });
    const mail = await view('admin', email.payload.messageId);
    expect(mail.status).toBe(200);
    expect(mail.body['content']).toEqual({
      subject: EMAIL_SUBJECT,
      text: EMAIL_TEXT,
      html: `<p>${EMAIL_TEXT}</p>`,
    });

    await until('both viewings chained', async () => (await viewings()).length === 2);
    const kept = await viewings();
    const bySubject = (id: string) =>
      kept.find((k) => (k['subject'] as { id?: string } | undefined)?.id === id);
    expect(bySubject(sms.payload.messageId)).toMatchObject({
      action: 'message.view',
      subject: { kind: 'message', id: sms.payload.messageId },
      actor: { keyId: api.keys.auditor.keyId, role: 'auditor' },
      reason: REASON,
      at: '2026-03-04T12:00:00Z',
    });
    expect(bySubject(email.payload.messageId)).toMatchObject({
      action: 'message.view',
      actor: { keyId: api.keys.admin.keyId, role: 'admin' },
    });
    // Nothing of the content or the reason in the log: the message id and the action only.
    const logged = JSON.stringify(log.records());
    expect(logged).toContain('message content viewed');
    for (const secret of ['4821', 'overdue', 'CASE-2026-0107']) {
      expect(logged).not.toContain(secret);
    }
  });

  it('refuses every other role (403) and records nothing for them', async () => {
    const before = (await viewings()).length;
    for (const role of ROLES.filter((r) => r !== 'auditor' && r !== 'admin')) {
      const answer = await view(role, sms.payload.messageId);
      expect(answer.status, role).toBe(403);
      expect(JSON.stringify(answer.body)).not.toContain('4821');
    }
    // The viewings above were chained a moment ago; none came since.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await viewings()).toHaveLength(before);
  });

  it('asks why (400 without a reason) and says when there is no such message (404)', async () => {
    expect((await view('auditor', sms.payload.messageId, {})).status).toBe(400);
    expect((await view('auditor', sms.payload.messageId, { reason: '  ' })).status).toBe(400);
    const none = await view('auditor', 'no-such-message');
    expect(none.status).toBe(404);
    expect(none.body['type']).toBe('urn:kindly:problem:message-not-found');
  });

  it('says when retention removed the content (410), the record kept', async () => {
    // As the retention run leaves an expired record: its body (and the evidence's id) gone.
    await ns.mongo.db
      .collection('audit-records')
      .updateOne(
        { type: 'outreach.rendered', messageId: expiring.payload.messageId },
        { $unset: { body: '' }, $set: { expiredAt: new Date() } },
      );
    const answer = await view('auditor', expiring.payload.messageId);
    expect(answer.status).toBe(410);
    expect(answer.body['type']).toBe('urn:kindly:problem:content-expired');
    expect(JSON.stringify(answer.body)).not.toContain('4821');
  });

  it('refuses content that does not match its record’s digest (500 content-tampered), logging the message id only', async () => {
    await ns.mongo.db
      .collection('audit-records')
      .updateOne(
        { type: 'outreach.rendered', messageId: changed.payload.messageId },
        { $set: { 'body.evidence.contentDigest': 'sha256:'.padEnd(71, '0') } },
      );
    const answer = await view('auditor', changed.payload.messageId);
    expect(answer.status).toBe(500);
    expect(answer.body['type']).toBe('urn:kindly:problem:content-tampered');
    expect(JSON.stringify(answer.body)).not.toContain('4821');
    expect(log.at('error')).toContainEqual(
      expect.objectContaining({
        messageId: changed.payload.messageId,
        msg: 'message content does not match its audit digest',
      }),
    );
    expect(JSON.stringify(log.records())).not.toContain('4821');
  });

  // Last: it takes the producer away.
  it('withholds the content when the viewing cannot be recorded (5xx, no content)', async () => {
    await api.producer.disconnect();
    const answer = await view('auditor', sms.payload.messageId);
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(JSON.stringify(answer.body)).not.toContain('4821');
    expect(answer.body['content']).toBeUndefined();
  });
});

describe('a server without the evidence keys', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));

  beforeAll(async () => {
    ns = await provisionTestNamespace('operator-content-off', eventTypes);
    // An empty setting is an unset one: the operator alone, without the audit's keys.
    api = await startOperatorService(ns, clock, { env: { AUDIT_EVIDENCE_KEYS: '' } });
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await ns?.cleanup();
  });

  it('answers 501 with a problem that names the setting', async () => {
    const response = await fetch(
      `${api.operator.url}/v1/accounts/${TENANT}/${ACCOUNT}/messages/m-1/content`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${api.keys.auditor.key}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ reason: REASON }),
      },
    );
    expect(response.status).toBe(501);
    const body = (await response.json()) as { type: string; detail: string };
    expect(body.type).toBe('urn:kindly:problem:content-keys-not-configured');
    expect(body.detail).toContain('AUDIT_EVIDENCE_KEYS');
  });
});
