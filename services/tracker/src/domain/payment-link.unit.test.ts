import { describe, expect, it } from 'vitest';
import type { EventOf } from '@kindly/contracts';
import { messageReferenceOf } from '@kindly/contracts';
import { parseLinkReference, paymentPageFor } from './payment-link.js';
import {
  inTenantScope,
  type DeliveryRecord,
  type DeliveryStore,
  type PaymentClicks,
  type TrackerEvents,
} from './ports.js';
import { followPaymentLink, pendingClickRecovery } from './record-click.use-case.js';

const MESSAGE_ID = '3f2b8c1e-9a47-5d21-8c3e-0a1b2c3d4e5f';
const SHORT = messageReferenceOf(MESSAGE_ID); // KD3F2B8C1E9A
const SIGNED = `k2026q4b.${SHORT}.ABCDEFGHIJKLMNOPQRSTUVWXYZ`;
const PAGE = 'https://pay.example-bank.com/r';
/** The click route of bank-1's profile. */
const ROUTE = { page: PAGE, tenants: { only: ['bank-1'] } };
const AT = '2026-03-04T14:00:00Z';

describe('the reference of a followed payment link', () => {
  it('is a message’s short reference or a campaign message’s signed one', () => {
    expect(parseLinkReference(SHORT)).toEqual({ reference: SHORT, shortReference: SHORT });
    expect(parseLinkReference(SIGNED)).toEqual({ reference: SIGNED, shortReference: SHORT });
    expect(parseLinkReference(`k1.${SHORT}.ABCDEFGHIJKLMNOPQRSTUVWXYZ`)?.shortReference).toBe(
      SHORT,
    );
  });

  it.each([
    ['empty', ''],
    ['lower-case hex', SHORT.toLowerCase()],
    ['a short reference too short', SHORT.slice(0, -1)],
    ['a key id too long', `k2026q4bx.${SHORT}.ABCDEFGHIJKLMNOPQRSTUVWXYZ`],
    ['a MAC of the wrong alphabet', `k1.${SHORT}.ABCDEFGHIJKLMNOPQRSTUVWXY1`],
    ['a MAC too short', `k1.${SHORT}.ABCDEFGHIJKLMNOPQRSTUVWXY`],
    ['a path', `../${SHORT}`],
    ['a URL', `https://evil.example/${SHORT}`],
    ['very long', `${SIGNED}${'A'.repeat(100)}`],
  ])('refuses %s', (_what, text) => {
    expect(parseLinkReference(text)).toBeUndefined();
  });

  it('sends the customer to the payment page with the reference carried on', () => {
    const link = parseLinkReference(SIGNED);
    if (link === undefined) throw new Error('expected a reference');
    expect(paymentPageFor(PAGE, link)).toBe(`${PAGE}/${SIGNED}`);
    expect(paymentPageFor(`${PAGE}/`, link)).toBe(`${PAGE}/${SIGNED}`);
  });
});

/** In-memory ports: the tracker's records of sent messages, its clicks and what it published. */
function world(records: DeliveryRecord[]) {
  const clicks = new Map<
    string,
    { event: EventOf<'delivery.outcome'>; recordedAt: number; pending: boolean }
  >();
  const published: EventOf<'delivery.outcome'>[] = [];
  let failPublish = false;
  /** The wall clock the click store stamps a pending click with. */
  let wallClock = 0;
  const deliveries: DeliveryStore = {
    recordAccepted: async () => {},
    advance: async () => {
      throw new Error('not used');
    },
    markPublished: async () => {},
    latestAttempt: async () => undefined,
    sentWithReference: async (reference, tenants) =>
      records.filter(
        (r) => messageReferenceOf(r.messageId) === reference && inTenantScope(tenants, r.tenantId),
      ),
  };
  const clickStore: PaymentClicks = {
    claim: async (event) => {
      const first = clicks.get(event.payload.messageId);
      if (first) return { first: false, pending: first.pending, at: first.event.payload.at };
      clicks.set(event.payload.messageId, { event, recordedAt: wallClock, pending: true });
      return { first: true, pending: true, at: event.payload.at };
    },
    markPublished: async (messageId, eventId) => {
      const click = clicks.get(messageId);
      if (click?.event.eventId === eventId) click.pending = false;
    },
    pendingBefore: async (before, limit) =>
      [...clicks.values()]
        .filter((c) => c.pending && c.recordedAt < before.getTime())
        .sort((a, b) => a.recordedAt - b.recordedAt)
        .slice(0, limit)
        .map((c) => c.event),
    oldestPending: async () => {
      const times = [...clicks.values()].filter((c) => c.pending).map((c) => c.recordedAt);
      return times.length === 0 ? undefined : new Date(Math.min(...times));
    },
  };
  const events: TrackerEvents = {
    publishOutcomes: async (list) => {
      if (failPublish) throw new Error('broker away');
      published.push(...list);
    },
    publishConsents: async () => {},
    publishUnreachable: async () => {},
  };
  return {
    deps: { deliveries, clicks: clickStore, events },
    published,
    failPublishing: (fail: boolean) => void (failPublish = fail),
    setWallClock: (ms: number) => void (wallClock = ms),
  };
}

function sent(messageId: string, attempt = 1, tenantId = 'bank-1'): DeliveryRecord {
  return {
    tenantId,
    accountId: 'acct-1',
    messageId,
    attempt,
    channel: 'sms',
    provider: 'twilio',
    providerMessageId: `SM${attempt}`,
    correlationId: 'cycle-1',
    causationId: `accepted-${attempt}`,
    status: 'delivered',
    rank: 3,
  };
}

describe('following a payment link through the tracker', () => {
  it('publishes one clicked outcome for the message, however often it is followed', async () => {
    const { deps, published } = world([sent(MESSAGE_ID)]);
    const first = await followPaymentLink(deps, ROUTE, SIGNED, AT);
    const again = await followPaymentLink(deps, ROUTE, SHORT, '2026-03-04T15:00:00Z');
    expect(first).toEqual({
      verdict: 'clicked',
      location: `${PAGE}/${SIGNED}`,
      messageId: MESSAGE_ID,
    });
    expect(again).toEqual({
      verdict: 'again',
      location: `${PAGE}/${SHORT}`,
      messageId: MESSAGE_ID,
    });
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      type: 'delivery.outcome',
      tenantId: 'bank-1',
      correlationId: 'cycle-1',
      causationId: 'accepted-1',
      occurredAt: AT,
      payload: {
        accountId: 'acct-1',
        messageId: MESSAGE_ID,
        attempt: 1,
        channel: 'sms',
        status: 'clicked',
        retryable: false,
        at: AT,
      },
    });
  });

  it('answers the latest attempt of the message', async () => {
    const { deps, published } = world([sent(MESSAGE_ID, 1), sent(MESSAGE_ID, 2)]);
    await followPaymentLink(deps, ROUTE, SHORT, AT);
    expect(published.map((e) => e.payload.attempt)).toEqual([2]);
  });

  it('sends a reference it does not know to the same place, and publishes nothing', async () => {
    const { deps, published } = world([sent(MESSAGE_ID)]);
    const forged = 'KD0123456789';
    expect(await followPaymentLink(deps, ROUTE, forged, AT)).toEqual({
      verdict: 'unknown',
      location: `${PAGE}/${forged}`,
    });
    expect(published).toEqual([]);
  });

  it('counts no click when two sent messages of the route’s tenants share the short reference', async () => {
    const twin = `${MESSAGE_ID.slice(0, 11)}0-0000-0000-000000000000`;
    expect(messageReferenceOf(twin)).toBe(SHORT);
    const { deps, published } = world([sent(MESSAGE_ID), sent(twin)]);
    expect((await followPaymentLink(deps, ROUTE, SHORT, AT)).verdict).toBe('unknown');
    expect(published).toEqual([]);
  });

  it('records nothing for a text of no reference’s shape, and has nowhere to send it', async () => {
    const { deps, published } = world([sent(MESSAGE_ID)]);
    expect(await followPaymentLink(deps, ROUTE, `${SHORT}x`, AT)).toEqual({ verdict: 'malformed' });
    expect(published).toEqual([]);
  });

  it('does not publish again for a click while the first click’s publish is under way', async () => {
    const { deps, published, failPublishing } = world([sent(MESSAGE_ID)]);
    failPublishing(true); // the first click's publish has not been confirmed
    await expect(followPaymentLink(deps, ROUTE, SHORT, AT)).rejects.toThrow('broker away');
    failPublishing(false);
    const doubleClick = await followPaymentLink(deps, ROUTE, SHORT, '2026-03-04T14:00:01Z');
    expect(doubleClick.verdict).toBe('again');
    expect(published).toEqual([]);
  });

  it('publishes the same event at a later click when the first publish failed', async () => {
    const { deps, published, failPublishing } = world([sent(MESSAGE_ID)]);
    failPublishing(true);
    await expect(followPaymentLink(deps, ROUTE, SHORT, AT)).rejects.toThrow('broker away');
    failPublishing(false);
    const next = await followPaymentLink(deps, ROUTE, SHORT, '2026-03-04T16:00:00Z');
    expect(next.verdict).toBe('republished');
    await followPaymentLink(deps, ROUTE, SHORT, '2026-03-04T17:00:00Z');
    expect(published).toHaveLength(1);
    expect(published[0]?.payload.at).toBe(AT);
  });
  it('counts no click for a message of a tenant whose profiles do not use the route', async () => {
    const { deps, published } = world([sent(MESSAGE_ID, 1, 'bank-2')]);
    expect((await followPaymentLink(deps, ROUTE, SHORT, AT)).verdict).toBe('unknown');
    expect(published).toEqual([]);
    // A route of the fallback sender's profile counts every tenant but those the file names
    // with profiles of their own elsewhere.
    const fallback = { page: PAGE, tenants: { except: ['bank-3'] } };
    expect((await followPaymentLink(deps, fallback, SHORT, AT)).verdict).toBe('clicked');
    expect(published).toHaveLength(1);
  });

  it('picks the route’s tenant’s message when another tenant’s shares the short reference', async () => {
    const twin = `${MESSAGE_ID.slice(0, 11)}0-0000-0000-000000000000`;
    const { deps, published } = world([sent(MESSAGE_ID), sent(twin, 1, 'bank-2')]);
    expect((await followPaymentLink(deps, ROUTE, SHORT, AT)).verdict).toBe('clicked');
    expect(published.map((e) => e.payload.messageId)).toEqual([MESSAGE_ID]);
  });
});

describe('the recovery of clicks left pending', () => {
  it('publishes a first click whose publish failed, once, with no further click', async () => {
    const { deps, published, failPublishing, setWallClock } = world([sent(MESSAGE_ID)]);
    const recovery = pendingClickRecovery(deps);
    setWallClock(1_000);
    failPublishing(true);
    await expect(followPaymentLink(deps, ROUTE, SHORT, AT)).rejects.toThrow('broker away');
    failPublishing(false);
    expect(await recovery.oldest()).toEqual(new Date(1_000));
    // Not yet past the grace: its own publish may still be under way.
    expect(await recovery.stale(new Date(1_000), 10)).toEqual([]);
    const left = await recovery.stale(new Date(2_000), 10);
    expect(left.map((e) => e.payload.messageId)).toEqual([MESSAGE_ID]);
    for (const event of left) await recovery.recover(event);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ payload: { status: 'clicked', at: AT } });
    expect(await recovery.stale(new Date(9_000), 10)).toEqual([]);
    expect(await recovery.oldest()).toBeUndefined();
    // A later click finds it published: nothing more goes out.
    expect((await followPaymentLink(deps, ROUTE, SHORT, '2026-03-04T18:00:00Z')).verdict).toBe(
      'again',
    );
    expect(published).toHaveLength(1);
  });

  it('leaves a click whose publish was confirmed alone', async () => {
    const { deps, published } = world([sent(MESSAGE_ID)]);
    await followPaymentLink(deps, ROUTE, SHORT, AT);
    expect(await pendingClickRecovery(deps).stale(new Date(9_000), 10)).toEqual([]);
    expect(published).toHaveLength(1);
  });
});
