/**
 * The story of issue #8, end to end, on the real broker and server: every service hosted in this
 * process on one simulated clock, with the Twilio stand-in and the SMTP catcher. One New York
 * customer whose phone cannot take SMS:
 *
 *   overdue → SMS → undelivered → e-mail → promise to pay → pause → broken → next stage →
 *   payment → nothing more is sent.
 *
 * The clock moves hour by hour (and to each bank event's instant), and after each move the test
 * waits until the pipeline has done everything that instant asked of it; assertions poll what
 * the stand-ins and the topics show.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type BankEvent, type Pipeline } from '@kindly/cli';
import { deterministicId, eventTypes, type EventOf } from '@kindly/contracts';
import { createKafka } from '@kindly/kafka';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 2 March 2026, 00:00 UTC: Sunday 19:00 in New York (EST, UTC−5, until 8 March). */
const START = DateTime.fromISO('2026-03-02T00:00:00Z', { zone: 'utc' });
const T0 = START.toMillis();
const ZONE = 'America/New_York';

// The tenant the shipped templates/senders.yaml has a sender profile for (as the demo's).
const TENANT = 'demo-bank';
const ACCOUNT = 'story-0001';
const PHONE = '+12125550123';
const EMAIL = 'alex.smith@example.com';
const START_DPD = 3;
const DUE_DATE = START.minus({ days: START_DPD }).toISODate() ?? '';
const CYCLE = `${ACCOUNT}-${DUE_DATE}`;
const OVERDUE = { amountMinor: 42_000, currency: 'USD' } as const;

/** When the bank's events happen, in simulated time. */
const PROMISE_MADE_AT = T0 + 1 * DAY + 15 * HOUR; // Tue 3 Mar, 10:00 in New York
const PROMISED_DATE = '2026-03-05'; // Thursday; the policy adds 2 days' grace
const PROMISE_BROKEN_AT = T0 + 5 * DAY + 15 * HOUR; // Sat 7 Mar, 10:00 in New York
const STAGE_2_DAY = 15 - START_DPD; // DPD 15 on Sat 14 Mar
const PAID_AT = T0 + (STAGE_2_DAY + 1) * DAY + 14 * HOUR; // Sun 15 Mar, 10:00 in New York (EDT)
const END = T0 + (STAGE_2_DAY + 4) * DAY + 12 * HOUR;

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

let eventNumber = 0;
function envelope(at: number) {
  return {
    eventId: deterministicId('story-event', ACCOUNT, String(eventNumber++)),
    schemaVersion: '1.0.0',
    occurredAt: iso(at),
    correlationId: deterministicId('story-cycle', CYCLE),
    causationId: null,
    tenantId: TENANT,
  };
}

function contactUpdated(at: number): EventOf<'contact.updated'> {
  return {
    ...envelope(at),
    type: 'contact.updated',
    payload: {
      accountId: ACCOUNT,
      name: { family: 'Smith', given: 'Alex' },
      phones: [{ number: PHONE, type: 'mobile', primary: true }],
      emails: [{ address: EMAIL, type: 'personal' }],
      postalAddresses: [
        {
          lines: ['350 Fifth Avenue'],
          city: 'New York',
          region: 'NY',
          postalCode: '10118',
          country: 'US',
        },
      ],
      locale: 'en-US',
      timeZone: ZONE,
      candidateTimeZones: [],
      jurisdiction: 'US',
      preferredWindows: [],
      appointments: [],
      doNotContactAtWork: false,
    },
  };
}

function smsConsent(at: number): EventOf<'contact.consent'> {
  return {
    ...envelope(at),
    type: 'contact.consent',
    payload: {
      accountId: ACCOUNT,
      channel: 'sms',
      address: PHONE,
      purpose: 'servicing',
      status: 'granted',
      basis: 'contract',
      source: 'branch',
      at: iso(at - 365 * DAY),
    },
  };
}

function overdue(at: number, daysPastDue: number): EventOf<'account.overdue'> {
  return {
    ...envelope(at),
    type: 'account.overdue',
    payload: {
      accountId: ACCOUNT,
      cycleId: CYCLE,
      product: 'credit-card',
      segment: 'retail-standard',
      accountLast4: '4321',
      dueDate: DUE_DATE,
      daysPastDue,
      overdueAmount: OVERDUE,
      totalBalance: { amountMinor: OVERDUE.amountMinor * 8, currency: 'USD' },
      minimumPayment: { amountMinor: OVERDUE.amountMinor / 4, currency: 'USD' },
    },
  };
}

function promise(at: number, status: 'made' | 'broken'): EventOf<'account.arrangement'> {
  return {
    ...envelope(at),
    type: 'account.arrangement',
    payload: {
      accountId: ACCOUNT,
      arrangementId: `ptp-${ACCOUNT}`,
      kind: 'promise-to-pay',
      status,
      promisedDate: PROMISED_DATE,
      amount: OVERDUE,
    },
  };
}

function payment(at: number): EventOf<'account.payment'> {
  return {
    ...envelope(at),
    type: 'account.payment',
    payload: {
      accountId: ACCOUNT,
      paymentId: `pay-${ACCOUNT}`,
      amount: OVERDUE,
      paidAt: iso(at - 60_000),
      remainingOverdue: { amountMinor: 0, currency: 'USD' },
      curesAccount: true,
    },
  };
}

/** The bank's side of the story, in time order: daily DPD updates at 00:30 UTC until paid. */
function bankTimeline(): { readonly at: number; readonly event: BankEvent }[] {
  const timeline: { at: number; event: BankEvent }[] = [];
  const add = (at: number, event: BankEvent) => timeline.push({ at, event });
  // The bank knew the customer (contact details, SMS consent) before the account went overdue.
  const known = T0 + 10 * 60_000;
  add(known, contactUpdated(known));
  add(known, smsConsent(known));
  for (let day = 0; T0 + day * DAY < PAID_AT; day++) {
    const at = T0 + day * DAY + 30 * 60_000;
    add(at, overdue(at, START_DPD + day));
  }
  add(PROMISE_MADE_AT, promise(PROMISE_MADE_AT, 'made'));
  add(PROMISE_BROKEN_AT, promise(PROMISE_BROKEN_AT, 'broken'));
  add(PAID_AT, payment(PAID_AT));
  return timeline.sort((a, b) => a.at - b.at);
}

async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  ms = 60_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every observed record of the story, in order, one line each (KINDLY_STORY_TRACE=1). */
function trace(pipeline: Pipeline): string[] {
  const lines: { at: string; line: string }[] = [];
  for (const [type, events] of Object.entries(pipeline.observed.byType)) {
    for (const event of events as readonly { occurredAt: string; payload: object }[]) {
      const p = event.payload as Record<string, unknown>;
      const facts = [
        'stage',
        'channel',
        'templateId',
        'status',
        'errorCode',
        'reason',
        'reasons',
        'daysPastDue',
        'earliestSendAt',
        'kind',
      ]
        .filter((k) => p[k] !== undefined)
        .map((k) => `${k}=${JSON.stringify(p[k])}`);
      const id = typeof p['messageId'] === 'string' ? p['messageId'].slice(0, 8) : '';
      lines.push({
        at: event.occurredAt,
        line: `${event.occurredAt} ${type} ${id} ${facts.join(' ')}`,
      });
    }
  }
  return lines.sort((a, b) => a.at.localeCompare(b.at)).map((l) => l.line);
}

describe('the story: overdue → SMS → undelivered → e-mail → promise → broken → stage 2 → paid', () => {
  let ns: ProvisionedNamespace;
  let pipeline: Pipeline;
  let outbox: string;
  const timeline = bankTimeline();
  let next = 0;
  let now = T0;

  /**
   * Moves the clock to `end`, hour by hour and to each bank event's instant, publishing the
   * bank's events on time and waiting after each step until the pipeline has settled.
   */
  async function runUntil(end: number): Promise<void> {
    while (now < end) {
      const nextHour = (Math.floor(now / HOUR) + 1) * HOUR;
      const nextEvent = timeline[next]?.at ?? Number.POSITIVE_INFINITY;
      now = Math.min(nextHour, nextEvent, end);
      pipeline.clock.set(DateTime.fromMillis(now, { zone: 'utc' }));
      while (next < timeline.length && (timeline[next]?.at ?? Number.POSITIVE_INFINITY) <= now) {
        const due = timeline[next++];
        if (due) await pipeline.publish([due.event]);
      }
      await pipeline.settled(now);
    }
  }

  const ours = <T extends { readonly payload: { readonly accountId: string } }>(
    events: readonly T[],
  ) => events.filter((e) => e.payload.accountId === ACCOUNT);
  const planned = () => ours(pipeline.observed.byType['outreach.planned']);
  const outcomes = () => ours(pipeline.observed.byType['delivery.outcome']);
  const smsRequests = () => pipeline.standIns.twilio.countsTo(PHONE).requests;
  const emails = () => pipeline.standIns.smtp.messagesTo(EMAIL);
  /**
   * The dispatcher's accepted outcomes, once each (a republished outcome keeps its event id):
   * the record of each send, which the audit service keeps.
   */
  const accepted = () => [
    ...new Map(
      outcomes()
        .filter((o) => o.payload.status === 'accepted')
        .map((o) => [o.eventId, o]),
    ).values(),
  ];
  /** When an accepted send went out, in the customer's zone. */
  const sentAtLocal = (o: { readonly payload: { readonly at: string } }) =>
    DateTime.fromISO(o.payload.at, { zone: ZONE });
  /** What has gone out so far, by every witness. */
  const sent = () => ({
    sms: smsRequests(),
    emails: emails().length,
    accepted: accepted().length,
    released: ours(pipeline.observed.byType['outreach.released']).length,
  });

  beforeAll(async () => {
    ns = await provisionTestNamespace('story', eventTypes);
    outbox = mkdtempSync(join(tmpdir(), 'kindly-story-'));
    pipeline = await startPipeline({
      kafkaBrokers: ns.infra.kafkaBrokers,
      mongoUri: ns.infra.mongoUri,
      database: ns.database,
      prefix: ns.prefix,
      start: START,
      letterOutbox: join(outbox, 'print-outbox'),
      secret: 'story-secret-not-for-production',
      logLevel: 'error',
      clientId: 'kindly-story',
    });
    pipeline.standIns.twilio.scenarioFor(PHONE, {
      kind: 'undeliverable',
      errorCode: 30003,
      finalStatus: 'undelivered',
    });
  }, 300_000);

  afterAll(async () => {
    if (process.env['KINDLY_STORY_TRACE'] && pipeline) {
      for (const line of trace(pipeline)) process.stderr.write(`${line}\n`);
    }
    await pipeline?.stop();
    if (ns) {
      await ns.cleanup();
      // The services' retry topics are created on demand, outside the namespace's catalog.
      const admin = createKafka({
        brokers: ns.infra.kafkaBrokers,
        clientId: 'kindly-story-cleanup',
      }).admin();
      await admin.connect();
      try {
        const left = (await admin.listTopics()).filter((t) => t.startsWith(ns.prefix));
        if (left.length > 0) await admin.deleteTopics({ topics: left });
      } finally {
        await admin.disconnect();
      }
    }
    if (outbox) rmSync(outbox, { recursive: true, force: true });
  }, 180_000);

  it('1. overdue: the SMS goes first, is undelivered (30003), and the e-mail follows', async () => {
    // Sunday evening in New York when the account turns up: nothing before Monday 08:00.
    await runUntil(T0 + 13 * HOUR - 1);
    expect(smsRequests()).toBe(0);
    await runUntil(T0 + 20 * HOUR); // Monday 15:00 in New York

    const sms = planned().find((p) => p.payload.channel === 'sms');
    expect(sms?.payload).toMatchObject({ stage: 1, templateId: 'reminder-friendly-sms' });
    await until('the SMS at the Twilio stand-in', () => smsRequests() === 1);
    await until('the undelivered report', () =>
      outcomes().some(
        (o) =>
          o.payload.messageId === sms?.payload.messageId &&
          o.payload.status === 'undelivered' &&
          o.payload.errorCode === '30003',
      ),
    );
    const email = planned().find((p) => p.payload.channel === 'email');
    expect(email?.payload).toMatchObject({ stage: 1, templateId: 'reminder-friendly-email' });
    await until('the e-mail at the SMTP catcher', () => emails().length === 1);

    const [mail] = emails();
    expect(mail?.rcptTo).toEqual([EMAIL]);
    expect(mail?.parsed.subject?.length ?? 0).toBeGreaterThan(0);
    expect(mail?.parsed.text?.length ?? 0).toBeGreaterThan(0);
    // The sender's https link first, then a mailto; one-click (RFC 8058) is for marketing only.
    expect(mail?.header('List-Unsubscribe')).toMatch(/^<https:\/\/[^>]+>, <mailto:[^>]+>$/);
    expect(mail?.header('List-Unsubscribe-Post')).toBeUndefined();
    expect(mail?.header('X-Kindly-Message-Id')).toBe(email?.payload.messageId);
    // One SMS and one e-mail, no more, both at the first allowed instant: Monday 08:00 in New York.
    expect(smsRequests()).toBe(1);
    expect(emails()).toHaveLength(1);
    await until('both accepted outcomes', () => accepted().length === 2);
    expect(
      accepted().map((o) => [
        o.payload.channel,
        o.payload.provider,
        o.payload.to,
        sentAtLocal(o).toISO({ suppressMilliseconds: true }),
      ]),
    ).toEqual([
      ['sms', 'twilio', PHONE, '2026-03-02T08:00:00-05:00'],
      ['email', 'smtp', EMAIL, '2026-03-02T08:00:00-05:00'],
    ]);
  }, 600_000);

  it('2. promise to pay: nothing is sent while the promise runs', async () => {
    const before = sent();
    // To the hour before the bank reports the promise broken: the promised date (Thu 5 Mar)
    // and its grace days, with the daily DPD updates arriving as usual.
    await runUntil(PROMISE_BROKEN_AT - HOUR);
    expect(sent()).toEqual(before);
    const paused = [
      ...ours(pipeline.observed.byType['outreach.suppressed']).flatMap((s) => s.payload.reasons),
      ...ours(pipeline.observed.byType['outreach.cancelled']).map((c) => c.payload.reason),
    ];
    expect(paused).toContain('PROMISE_PENDING');
    expect(ours(pipeline.observed.byType['account.overdue']).length).toBeGreaterThanOrEqual(6);
  }, 900_000);

  it('3. broken promise: the strategy resumes, and DPD 15 brings a stage-2 message', async () => {
    const before = sent();
    await runUntil(T0 + STAGE_2_DAY * DAY + 20 * HOUR); // Sat 14 Mar, 16:00 in New York
    // The pause is over: the escalation service records the broken promise. The strategy resumes
    // where it stopped: stage 1's SMS was undelivered and its e-mail went out, so nothing of
    // stage 1 is sent again (least of all to the number known to be unreachable); the next
    // message is stage 2's, when the account reaches day 15.
    await until('the broken promise escalated', () =>
      ours(pipeline.observed.byType['outreach.escalated']).some(
        (e) => e.payload.reason === 'PROMISE_BROKEN',
      ),
    );
    expect(
      planned().some((p) => Date.parse(p.occurredAt) >= PROMISE_BROKEN_AT && p.payload.stage === 1),
    ).toBe(false);
    const stage2 = planned().filter((p) => p.payload.stage === 2);
    expect(stage2.length).toBeGreaterThanOrEqual(1);
    const first = stage2[0];
    expect(first?.payload.reasons).toContain('STAGE_2');
    await until('a stage-2 send', () =>
      outcomes().some(
        (o) => o.payload.messageId === first?.payload.messageId && o.payload.status === 'accepted',
      ),
    );
    if (first?.payload.channel === 'email') {
      expect(first.payload.templateId).toBe('notice-firm-email');
      await until('the stage-2 e-mail at the catcher', () =>
        emails().some((m) => m.header('X-Kindly-Message-Id') === first.payload.messageId),
      );
    }
    const after = sent();
    expect(after.sms + after.emails).toBeGreaterThan(before.sms + before.emails);
  }, 900_000);

  it('4. payment: the account is cured and nothing more is sent', async () => {
    await runUntil(PAID_AT);
    const atPayment = sent();
    await runUntil(END);
    expect(sent()).toEqual(atPayment);
    await until('PAID on what was pending', () =>
      [
        ...ours(pipeline.observed.byType['outreach.cancelled']).filter(
          (c) => Date.parse(c.occurredAt) >= PAID_AT,
        ),
        ...ours(pipeline.observed.byType['outreach.suppressed']).filter(
          (s) => Date.parse(s.occurredAt) >= PAID_AT,
        ),
      ].some((e) =>
        'reason' in e.payload ? e.payload.reason === 'PAID' : e.payload.reasons.includes('PAID'),
      ),
    );
    // Nothing released or sent after the payment, by any witness.
    const releasedAfter = ours(pipeline.observed.byType['outreach.released']).filter(
      (r) => Date.parse(r.occurredAt) >= PAID_AT,
    );
    expect(releasedAfter).toEqual([]);
    expect(planned().filter((p) => Date.parse(p.occurredAt) >= PAID_AT)).toEqual([]);
  }, 600_000);

  it('every send went out between 08:00 and 21:00 in New York, on no Sunday, and its outcome names it', () => {
    const sends = accepted();
    const totals = sent();
    expect(sends).toHaveLength(totals.sms + totals.emails);
    for (const send of sends) {
      // What the audit service keeps of a send: the address the provider was given, the provider
      // and its id for the message.
      expect(send.payload.to).toBe(send.payload.channel === 'sms' ? PHONE : EMAIL);
      expect(send.payload.provider).toBe(send.payload.channel === 'sms' ? 'twilio' : 'smtp');
      expect(send.payload.providerMessageId?.length ?? 0).toBeGreaterThan(0);
      const local = sentAtLocal(send);
      const when = local.toISO() ?? '';
      const minutes = local.hour * 60 + local.minute;
      expect(minutes, when).toBeGreaterThanOrEqual(8 * 60);
      expect(minutes, when).toBeLessThan(21 * 60);
      expect(local.weekday, when).not.toBe(7);
    }
  });
});
