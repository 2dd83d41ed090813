import { describe, expect, it } from 'vitest';
import type { EventOf } from '@kindly/contracts';
import { messageReferenceOf } from '@kindly/contracts';
import { parseLinkReference, paymentPageFor } from './payment-link.js';
import type { DeliveryRecord, DeliveryStore, PaymentClicks, TrackerEvents } from './ports.js';
import { followPaymentLink } from './record-click.use-case.js';

const MESSAGE_ID = '3f2b8c1e-9a47-5d21-8c3e-0a1b2c3d4e5f';
const SHORT = messageReferenceOf(MESSAGE_ID); // KD3F2B8C1E9A
const SIGNED = `k2026q4b.${SHORT}.ABCDEFGHIJKLMNOPQRSTUVWXYZ`;
const PAGE = 'https://pay.example-bank.com/r';
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
  const clicks = new Map<string, { eventId: string; at: string; pending: boolean }>();
  const published: EventOf<'delivery.outcome'>[] = [];
  let failPublish = false;
  const deliveries: DeliveryStore = {
    recordAccepted: async () => {},
    advance: async () => {
      throw new Error('not used');
    },
    markPublished: async () => {},
    latestAttempt: async () => undefined,
    sentWithReference: async (reference) =>
      records.filter((r) => messageReferenceOf(r.messageId) === reference),
  };
  const clickStore: PaymentClicks = {
    claim: async (messageId, eventId, at) => {
      const first = clicks.get(messageId);
      if (first) return { first: false, pending: first.pending, at: first.at };
      clicks.set(messageId, { eventId, at, pending: true });
      return { first: true, pending: true, at };
    },
    markPublished: async (messageId, eventId) => {
      const click = clicks.get(messageId);
      if (click?.eventId === eventId) click.pending = false;
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
    const first = await followPaymentLink(deps, PAGE, SIGNED, AT);
    const again = await followPaymentLink(deps, PAGE, SHORT, '2026-03-04T15:00:00Z');
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
    await followPaymentLink(deps, PAGE, SHORT, AT);
    expect(published.map((e) => e.payload.attempt)).toEqual([2]);
  });

  it('sends a reference it does not know to the same place, and publishes nothing', async () => {
    const { deps, published } = world([sent(MESSAGE_ID)]);
    const forged = 'KD0123456789';
    expect(await followPaymentLink(deps, PAGE, forged, AT)).toEqual({
      verdict: 'unknown',
      location: `${PAGE}/${forged}`,
    });
    expect(published).toEqual([]);
  });

  it('counts no click when two sent messages share the short reference', async () => {
    const twin = `${MESSAGE_ID.slice(0, 11)}0-0000-0000-000000000000`;
    expect(messageReferenceOf(twin)).toBe(SHORT);
    const { deps, published } = world([sent(MESSAGE_ID), sent(twin, 1, 'bank-2')]);
    expect((await followPaymentLink(deps, PAGE, SHORT, AT)).verdict).toBe('unknown');
    expect(published).toEqual([]);
  });

  it('records nothing for a text of no reference’s shape, and has nowhere to send it', async () => {
    const { deps, published } = world([sent(MESSAGE_ID)]);
    expect(await followPaymentLink(deps, PAGE, `${SHORT}x`, AT)).toEqual({ verdict: 'malformed' });
    expect(published).toEqual([]);
  });

  it('does not publish again for a click while the first click’s publish is under way', async () => {
    const { deps, published, failPublishing } = world([sent(MESSAGE_ID)]);
    failPublishing(true); // the first click's publish has not been confirmed
    await expect(followPaymentLink(deps, PAGE, SHORT, AT)).rejects.toThrow('broker away');
    failPublishing(false);
    const doubleClick = await followPaymentLink(deps, PAGE, SHORT, '2026-03-04T14:00:01Z');
    expect(doubleClick.verdict).toBe('again');
    expect(published).toEqual([]);
  });

  it('publishes the same event at a later click when the first publish failed', async () => {
    const { deps, published, failPublishing } = world([sent(MESSAGE_ID)]);
    failPublishing(true);
    await expect(followPaymentLink(deps, PAGE, SHORT, AT)).rejects.toThrow('broker away');
    failPublishing(false);
    const next = await followPaymentLink(deps, PAGE, SHORT, '2026-03-04T16:00:00Z');
    expect(next.verdict).toBe('republished');
    await followPaymentLink(deps, PAGE, SHORT, '2026-03-04T17:00:00Z');
    expect(published).toHaveLength(1);
    expect(published[0]?.payload.at).toBe(AT);
  });
});
