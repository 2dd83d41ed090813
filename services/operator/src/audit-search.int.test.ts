import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { eventTypes, newEventId, sampleEvents } from '@kindly/contracts';
import { bindTopics, createEventPublisher, createKafka, createProducer } from '@kindly/kafka';
import { PROBLEM_JSON } from '@kindly/http';
import { recordingLogger } from '@kindly/http/testing';
import { provisionTestNamespace, testInfra, type ProvisionedNamespace } from '@kindly/testing';
import { DateTime } from 'luxon';
import {
  startOperatorService,
  type OperatorUnderTest,
} from './testing/operator-service.fixture.js';

interface Found {
  readonly records: {
    accountId: string;
    seq: number;
    body?: { type: string; occurredAt: string; payload: Record<string, unknown> };
  }[];
  readonly more: boolean;
}

/** Two customers, each with a phone number and an e-mail address. */
const WEI = { phone: '+8613800138000', email: 'wei.zhang@example.com' };
const NA = { phone: '+8613900139000', email: 'li.na@example.com' };
/** What must never show in clear: the numbers' digits and the addresses' local parts. */
const CLEAR = ['13800138000', '13900139000', 'wei.zhang', 'li.na'];

async function post(api: OperatorUnderTest, key: string, path: string, body: unknown) {
  const response = await fetch(`${api.operator.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the audit searched by address through the operator API, on the real broker and server', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  const log = recordingLogger('operator');
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));

  const search = async (body: unknown) => {
    const answer = await post(api, api.keys.auditor.key, '/v1/audit/search', body);
    return { status: answer.response.status, found: answer.body as unknown as Found };
  };
  const kept = async (query: string) => {
    const response = await fetch(`${api.operator.url}/v1/audit/records?${query}`, {
      headers: { authorization: `Bearer ${api.keys.auditor.key}` },
    });
    return ((await response.json()) as Found).records;
  };
  /** A consent taken by phone, through the API: a contact.consent the audit keeps, keyed. */
  const consent = async (
    accountId: string,
    channel: 'sms' | 'email',
    address: string,
    status: 'granted' | 'revoked',
  ) => {
    const answer = await post(
      api,
      api.keys.operator.key,
      `/v1/accounts/bank-1/${accountId}/consent`,
      {
        channel,
        address,
        purpose: 'marketing',
        status,
        basis: 'customer-request',
        source: 'phone-call',
        at: clock.now().toUTC().toISO({ suppressMilliseconds: true }),
        reason: 'the customer said so on the phone',
      },
    );
    expect(answer.response.status).toBe(201);
    clock.advance({ minutes: 10 });
  };

  beforeAll(async () => {
    ns = await provisionTestNamespace('operator-audit-search', eventTypes);
    api = await startOperatorService(ns, clock, { logger: log.logger });
    await consent('ACC-1', 'sms', WEI.phone, 'revoked');
    await consent('ACC-1', 'email', WEI.email, 'granted');
    await consent('ACC-2', 'sms', NA.phone, 'granted');
    await consent('ACC-2', 'email', NA.email, 'granted');
    // Wei's number again, later: the newer of the two is to come first.
    await consent('ACC-1', 'sms', WEI.phone, 'granted');
    await until(
      'the five consents kept',
      async () => (await kept('type=contact.consent')).length === 5,
    );
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await ns?.cleanup();
  });

  it('finds an account’s records by its phone number and by its e-mail address, newest first, and no one else’s', async () => {
    const byPhone = await search({ address: WEI.phone });
    expect(byPhone.status).toBe(200);
    expect(byPhone.found.more).toBe(false);
    expect(byPhone.found.records.map((r) => [r.accountId, r.body?.payload['status']])).toEqual([
      ['ACC-1', 'granted'],
      ['ACC-1', 'revoked'],
    ]);
    // As the command line looks it up: an e-mail address in any case.
    const byEmail = await search({ address: 'Wei.Zhang@Example.COM' });
    expect(byEmail.found.records).toHaveLength(1);
    expect(byEmail.found.records[0]).toMatchObject({
      accountId: 'ACC-1',
      body: { type: 'contact.consent', payload: { channel: 'email' } },
    });
    const theOther = await search({ address: NA.phone });
    expect(theOther.found.records.map((r) => r.accountId)).toEqual(['ACC-2']);
    expect((await search({ address: '+8613700137000' })).found).toEqual({
      records: [],
      more: false,
    });
  });

  it('bounds what it answers by `limit`, `from` and `to`', async () => {
    const first = await search({ address: WEI.phone, limit: 1 });
    expect(first.found.more).toBe(true);
    expect(first.found.records.map((r) => r.body?.payload['status'])).toEqual(['granted']);
    const before = await search({ address: WEI.phone, to: '2026-03-04T12:30:00Z' });
    expect(before.found.records.map((r) => r.body?.payload['status'])).toEqual(['revoked']);
    const after = await search({ address: WEI.phone, from: '2026-03-04T12:30:00Z' });
    expect(after.found.records.map((r) => r.body?.payload['status'])).toEqual(['granted']);
  });

  it('refuses a malformed address with a 400 naming the field, never quoting it; other roles get 403', async () => {
    for (const address of ['138 0013 8000', 'wei.zhang-at-example.com', '+86-13800138000']) {
      const answer = await post(api, api.keys.auditor.key, '/v1/audit/search', { address });
      expect(answer.response.status).toBe(400);
      expect(answer.response.headers.get('content-type')).toContain(PROBLEM_JSON);
      const fields = answer.body['fields'] as { field: string }[];
      expect(fields.map((f) => f.field)).toEqual(['body.address']);
      expect(JSON.stringify(answer.body)).not.toContain(address);
    }
    const operator = await post(api, api.keys.operator.key, '/v1/audit/search', {
      address: WEI.phone,
    });
    expect(operator.response.status).toBe(403);
  });

  it('records each search in the audit as audit.search, by the address’s keyed hash, never the address', async () => {
    await search({ address: WEI.email });
    const searches = async () =>
      (await kept('type=operator.action&accountId=~operations&limit=1000')).filter(
        (r) => r.body?.payload['action'] === 'audit.search',
      );
    // Every search so far that was answered: seven in the tests above, and this one.
    await until('the searches in the audit', async () => (await searches()).length >= 8);
    const recorded = await searches();
    for (const record of recorded) {
      expect(record.body?.payload).toMatchObject({
        actor: { keyId: api.keys.auditor.keyId, role: 'auditor' },
        subject: { kind: 'audit', id: 'records.search' },
        details: { by: 'address' },
      });
      const details = record.body?.payload['details'] as Record<string, string>;
      expect(details['addressKey']).toMatch(/^ah:[0-9a-f]{64}$/);
    }
    // An examiner with the key tells whose records were looked at: the key the audit keeps for
    // Wei's e-mail address in the consent it recorded.
    const emailConsent = (await kept('type=contact.consent&accountId=ACC-1')).find(
      (r) => r.body?.payload['channel'] === 'email',
    )?.body?.payload['address'];
    expect(emailConsent).toMatch(/^ah:/);
    const keys = recorded.map(
      (r) => (r.body?.payload['details'] as { addressKey: string }).addressKey,
    );
    expect(keys).toContain(emailConsent);
    const text = JSON.stringify(recorded).toLowerCase();
    for (const clear of CLEAR) expect(text).not.toContain(clear);
  });

  it('logs no address, neither of a search nor of a refusal', () => {
    const lines = JSON.stringify(log.records()).toLowerCase();
    expect(lines).toContain('audit searched by address or customer');
    for (const clear of CLEAR) expect(lines).not.toContain(clear);
  });
  it('finds a customer’s records by the full name the bank gave, and wants an address or a name, one of them', async () => {
    const kafka = createKafka({ brokers: testInfra().kafkaBrokers, clientId: 'audit-search-test' });
    const producer = createProducer(kafka);
    await producer.connect();
    const contact = sampleEvents['contact.updated'];
    await createEventPublisher(producer, bindTopics(['contact.updated'], ns.prefix)).publish(
      'contact.updated',
      [
        {
          ...contact,
          eventId: newEventId(),
          tenantId: 'bank-1',
          payload: {
            ...contact.payload,
            accountId: 'ACC-1',
            name: { given: 'Wei', family: 'Zhang' },
          },
        },
      ],
    );
    await producer.disconnect();
    await until(
      'the contact kept',
      async () => (await kept('type=contact.updated&accountId=ACC-1')).length === 1,
    );
    const byName = await search({ customer: '  wei   ZHANG ' });
    expect(byName.status).toBe(200);
    expect(byName.found.records.map((r) => [r.accountId, r.body?.type])).toEqual([
      ['ACC-1', 'contact.updated'],
    ]);
    expect((await search({ customer: 'Na Li' })).found.records).toEqual([]);
    for (const body of [{}, { address: WEI.phone, customer: 'Wei Zhang' }]) {
      const answer = await post(api, api.keys.auditor.key, '/v1/audit/search', body);
      expect(answer.response.status).toBe(400);
      expect(JSON.stringify(answer.body)).not.toContain('Wei');
    }
    expect(JSON.stringify(log.records())).not.toMatch(/wei|zhang/i);
  });
});

describe('the audit searched by address without the address key', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));

  beforeAll(async () => {
    ns = await provisionTestNamespace('operator-audit-search-off', eventTypes);
    // An empty setting is an unset one: the operator alone, without the audit's key.
    api = await startOperatorService(ns, clock, { env: { AUDIT_ADDRESS_KEY: '' } });
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await ns?.cleanup();
  });

  it('answers 501 with a problem that says so, and no retry-after', async () => {
    const answer = await post(api, api.keys.auditor.key, '/v1/audit/search', {
      address: WEI.phone,
    });
    expect(answer.response.status).toBe(501);
    expect(answer.response.headers.get('content-type')).toContain(PROBLEM_JSON);
    expect(answer.response.headers.get('retry-after')).toBeNull();
    expect(answer.body).toMatchObject({
      type: 'urn:kindly:problem:audit-search-not-configured',
      status: 501,
    });
    expect(JSON.stringify(answer.body)).not.toContain('13800138000');
  });
});
