import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { sampleEvents, type EventOf } from '@kindly/contracts';
import { buildDsn } from '@kindly/stand-ins';
import type {
  ContactDirectory,
  DeliveryRecord,
  DeliveryStore,
  KnownContact,
  SoftBounceLog,
  TrackerEvents,
} from './ports.js';
import { recordBounce, type BounceDeps } from './record-bounce.use-case.js';
import { recordSmsStatus } from './record-sms-status.use-case.js';

const MESSAGE_ID = '0b6a3f7e-4c1d-5e2f-8a9b-1c2d3e4f5a6b';
const EMAIL = 'jane@example.com';
const PHONE = '+12125550100';

function knownContact(tenantId: string, accountId: string): KnownContact {
  return {
    tenantId,
    accountId,
    contact: {
      ...sampleEvents['contact.updated'].payload,
      accountId,
      phones: [{ number: PHONE, type: 'mobile', primary: true }],
      emails: [{ address: EMAIL, type: 'personal' }],
    },
  };
}

/** The tracker's ports in memory: one message to `acct-1`, and a second account with the same addresses. */
function fakes(channel: 'email' | 'sms') {
  const accounts = [knownContact('bank-1', 'acct-1'), knownContact('bank-2', 'acct-2')];
  let record: DeliveryRecord = {
    tenantId: 'bank-1',
    accountId: 'acct-1',
    messageId: MESSAGE_ID,
    attempt: 1,
    channel,
    provider: channel === 'sms' ? 'twilio' : 'smtp',
    correlationId: 'cycle-1',
    causationId: 'accepted-1',
    status: 'accepted',
    rank: 0,
  };
  const deliveries: DeliveryStore = {
    recordAccepted: async () => {},
    advance: async (_seed, change) => {
      if (change.rank <= record.rank) return { advanced: false, record };
      record = { ...record, status: change.status, rank: change.rank, statusAt: change.at };
      return { advanced: true, record };
    },
    markPublished: async () => {},
    latestAttempt: async (id) => (id === MESSAGE_ID ? record : undefined),
    sentWithReference: async () => [],
  };
  const directory: ContactDirectory = {
    contactOf: async (tenantId, accountId) =>
      accounts.find((a) => a.tenantId === tenantId && a.accountId === accountId),
    withPhone: async (number) =>
      accounts.filter((a) => a.contact.phones.some((p) => p.number === number)),
    withEmail: async (address) =>
      accounts.filter((a) => a.contact.emails.some((e) => e.address === address.toLowerCase())),
  };
  const published = {
    outcomes: [] as EventOf<'delivery.outcome'>[],
    consents: [] as EventOf<'contact.consent'>[],
    unreachable: [] as EventOf<'contact.unreachable'>[],
  };
  const events: TrackerEvents = {
    publishOutcomes: async (list) => void published.outcomes.push(...list),
    publishConsents: async (list) => void published.consents.push(...list),
    publishUnreachable: async (list) => void published.unreachable.push(...list),
  };
  const bounces = new Map<string, { id: string; at: string }[]>();
  const softBounces: SoftBounceLog = {
    record: async (address, id, at, since) => {
      const list = bounces.get(address) ?? [];
      if (!list.some((b) => b.id === id)) list.push({ id, at });
      bounces.set(address, list);
      return list.filter((b) => b.at >= since).length;
    },
  };
  const deps: BounceDeps = {
    deliveries,
    directory,
    events,
    bounceLocalPart: 'bounces',
    softBounces,
    softBounceRule: { limit: 3, days: 30 },
  };
  return {
    deps,
    published,
    setRecord: (r: Partial<DeliveryRecord>) => (record = { ...record, ...r }),
  };
}

const dsn = (status: string, action: 'failed' | 'delayed' = 'failed') =>
  buildDsn({
    original: `To: ${EMAIL}\r\nX-Kindly-Message-Id: ${MESSAGE_ID}\r\n\r\nHello`,
    recipient: EMAIL,
    status,
    action,
    to: `bounces+${MESSAGE_ID}@bounce.example-bank.cn`,
  });
const now = DateTime.fromISO('2026-03-04T13:05:00Z', { zone: 'utc' });

describe('a hard bounce', () => {
  it('makes the address unreachable on every account with it, and withdraws no consent', async () => {
    const { deps, published } = fakes('email');
    const result = await recordBounce(deps, dsn('5.1.1'), [], now);
    expect(result).toMatchObject({ kind: 'recorded', bounce: 'hard', accounts: 2 });
    expect(published.outcomes.map((e) => e.payload.status)).toEqual(['bounced']);
    expect(published.consents).toEqual([]);
    expect(published.unreachable.map((e) => [e.tenantId, e.payload])).toEqual([
      [
        'bank-1',
        expect.objectContaining({
          channel: 'email',
          address: EMAIL,
          reason: 'hard-bounce',
          source: 'tracker',
          errorCode: '5.1.1',
        }),
      ],
      ['bank-2', expect.objectContaining({ accountId: 'acct-2', reason: 'hard-bounce' })],
    ]);
    // The same report again: the same events.
    const again = fakes('email');
    await recordBounce(again.deps, dsn('5.1.1'), [], now);
    expect(again.published.unreachable.map((e) => e.eventId)).toEqual(
      published.unreachable.map((e) => e.eventId),
    );
  });

  it.each(['5.7.1', '5.7.26', '5.2.2', '5.2.1', '5.3.0', '5.4.4'])(
    'a permanent %s that is no fact about the address fails the message, marks nothing',
    async (status) => {
      const { deps, published } = fakes('email');
      const result = await recordBounce(deps, dsn(status), [], now);
      expect(result).toMatchObject({ kind: 'recorded', bounce: 'rejected', accounts: 0 });
      expect(published.outcomes.map((e) => [e.payload.status, e.payload.retryable])).toEqual([
        ['bounced', false],
      ]);
      expect(published.unreachable).toEqual([]);
    },
  );
});

describe('soft bounces', () => {
  it('make the address unreachable at the third within 30 days, not before', async () => {
    const { deps, published, setRecord } = fakes('email');
    const soft = async (attempt: number, at: DateTime) => {
      setRecord({ attempt, status: 'accepted', rank: 0 });
      return recordBounce(deps, dsn('4.2.2'), [], at);
    };
    await soft(1, now.minus({ days: 45 })); // too old to count with the later ones
    await soft(2, now.minus({ days: 20 }));
    expect(published.unreachable).toEqual([]);
    await soft(3, now.minus({ days: 10 }));
    expect(published.unreachable).toEqual([]);
    // The same attempt reported again counts once.
    await soft(3, now.minus({ days: 10 }));
    expect(published.unreachable).toEqual([]);
    const result = await soft(4, now);
    expect(result).toMatchObject({ bounce: 'soft', accounts: 2 });
    expect(published.unreachable.map((e) => e.payload)).toMatchObject([
      { channel: 'email', address: EMAIL, reason: 'soft-bounces', errorCode: '4.2.2' },
      { channel: 'email', address: EMAIL, reason: 'soft-bounces' },
    ]);
    expect(published.consents).toEqual([]);
  });

  it('do not count delays: the relay is still trying', async () => {
    const { deps, published, setRecord } = fakes('email');
    for (const attempt of [1, 2, 3, 4]) {
      setRecord({ attempt, status: 'accepted', rank: 0 });
      const result = await recordBounce(deps, dsn('4.2.2', 'delayed'), [], now);
      expect(result).toMatchObject({ bounce: 'delayed', accounts: 0 });
    }
    expect(published.outcomes.map((e) => e.payload.status)).toEqual(Array(4).fill('undelivered'));
    expect(published.unreachable).toEqual([]);
  });
});

describe('a Twilio status callback', () => {
  const report = (errorCode: string, messageStatus = 'undelivered') => ({
    tenantId: 'bank-1',
    accountId: 'acct-1',
    messageId: MESSAGE_ID,
    attempt: 1,
    providerMessageId: 'SM0123',
    messageStatus,
    errorCode,
    to: PHONE,
  });

  it('makes a landline (30006) unreachable for texts on every account with the number', async () => {
    const { deps, published } = fakes('sms');
    expect(await recordSmsStatus(deps, report('30006'), now)).toBe('published');
    expect(published.outcomes.map((e) => e.payload.status)).toEqual(['undelivered']);
    expect(published.unreachable.map((e) => e.payload)).toMatchObject([
      {
        accountId: 'acct-1',
        channel: 'sms',
        address: PHONE,
        reason: 'landline',
        errorCode: '30006',
        evidenceRef: 'twilio-sms:SM0123',
      },
      { accountId: 'acct-2', channel: 'sms', address: PHONE, reason: 'landline' },
    ]);
  });

  it('makes an unknown number (30005) unreachable for calls too', async () => {
    const { deps, published } = fakes('sms');
    await recordSmsStatus(deps, report('30005', 'failed'), now);
    expect(
      published.unreachable
        .filter((e) => e.payload.accountId === 'acct-1')
        .map((e) => e.payload.channel),
    ).toEqual(['sms', 'voice']);
  });

  it('leaves an opt-out, a block, filtering and a handset that is off alone', async () => {
    // 30004 (blocked) may be one sender's opt-out or a carrier's filter: the text fails, no
    // number is marked at any tenant.
    for (const code of ['21610', '30004', '30007', '30003']) {
      const { deps, published } = fakes('sms');
      await recordSmsStatus(deps, report(code), now);
      expect(published.unreachable, code).toEqual([]);
    }
  });

  it('marks nothing when the callback names no To (no guessing the number)', async () => {
    const { deps, published } = fakes('sms');
    const { to: _to, ...withoutTo } = report('30006');
    expect(await recordSmsStatus(deps, withoutTo, now)).toBe('published');
    expect(published.unreachable).toEqual([]);
  });

  it('marks nothing for a number the account no longer has', async () => {
    const { deps, published } = fakes('sms');
    await recordSmsStatus(deps, { ...report('30006'), to: '+12125550199' }, now);
    expect(published.unreachable).toEqual([]);
  });
});
