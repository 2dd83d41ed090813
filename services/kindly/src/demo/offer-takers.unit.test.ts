import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { loadCampaign } from '@kindly/campaigns';
import { DEMO_CAMPAIGN_FILE, demoCampaignDay, demoCampaignSource } from './demo-campaign.js';
import { campaignReferenceIn } from './offer-inbox.js';
import { createOfferTakers, offerResponse } from './offer-takers.js';
import { emailOf, generatePortfolio, type BankEvent } from './portfolio.js';

const START = DateTime.fromISO('2026-03-02T00:00:00Z', { zone: 'utc' });
const HOUR = 3_600_000;
const REFERENCE = 'demo.KD0A1B2C3D4E.ABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('the demo campaign’s day', () => {
  it('is the fourth, or halfway through a run shorter than a week', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20, 60].map(demoCampaignDay)).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 4, 4,
    ]);
  });

  it('moves the file’s schedule to that day, and leaves a full run’s file as written', () => {
    const short = demoCampaignSource(START, 2);
    expect(short).toMatchObject({ day: 1, date: '2026-03-02', timeZone: 'America/New_York' });
    const loaded = loadCampaign(short.bytes.toString('utf8'), 'demo-campaign.yaml');
    if (!loaded.ok) throw new Error(loaded.messages.join('; '));
    expect(loaded.campaign.schedule).toMatchObject({ start: '2026-03-02', end: '2026-03-02' });

    const full = demoCampaignSource(START, 60);
    expect(full).toMatchObject({ day: 4, date: '2026-03-05' });
    expect(full.bytes.equals(readFileSync(DEMO_CAMPAIGN_FILE))).toBe(true);
    expect(full.bytes.toString('utf8')).toContain('start: 2026-03-05');
  });
});

describe('the customers who take the offer', () => {
  const portfolio = generatePortfolio({ count: 60, start: START, days: 20 });
  const account = (wanted: (r: ReturnType<typeof offerResponse>) => boolean) => {
    const found = portfolio.accounts.find(
      (a) => a.behaviour !== 'dispute' && wanted(offerResponse(a.accountId)),
    );
    if (!found) throw new Error('no such account in the portfolio');
    return found;
  };
  const overdueOf = (accountId: string) =>
    portfolio.actions.find(
      (a): a is { at: number; kind: 'bank'; event: BankEvent } =>
        a.kind === 'bank' &&
        a.event.type === 'account.overdue' &&
        a.event.payload.accountId === accountId,
    )?.event;

  it('reads the signed reference at the end of a payment link, and no short one', () => {
    expect(
      campaignReferenceIn(`See the terms and apply: https://pay.example/r/${REFERENCE}\n`),
    ).toBe(REFERENCE);
    expect(campaignReferenceIn('Pay at https://pay.example/r/KD0A1B2C3D4E')).toBeUndefined();
  });

  it('pays the overdue amount through the link some hours after it arrives, then is paid up', () => {
    const taker = account((r) => r.takes && r.throughLink);
    const response = offerResponse(taker.accountId);
    if (!response.takes) throw new Error('a taker');
    const takers = createOfferTakers(portfolio);
    const overdue = overdueOf(taker.accountId);
    if (overdue?.type !== 'account.overdue') throw new Error('no overdue event');
    takers.published([overdue]);
    const now = START.toMillis() + 13 * HOUR;
    takers.received(
      [{ channel: 'email', to: emailOf(taker.accountId), reference: REFERENCE }],
      now,
    );
    // Once only, whatever else arrives.
    takers.received([{ channel: 'sms', to: taker.phone, reference: REFERENCE }], now + HOUR);

    const at = now + response.afterHours * HOUR;
    expect(takers.due(at - HOUR)).toEqual([]);
    const [payment, ...more] = takers.due(at);
    expect(more).toEqual([]);
    expect(payment).toMatchObject({
      schemaVersion: '1.1.0',
      occurredAt: new Date(at).toISOString().replace('.000Z', 'Z'),
      correlationId: overdue.correlationId,
      payload: {
        accountId: taker.accountId,
        amount: overdue.payload.overdueAmount,
        remainingOverdue: { amountMinor: 0 },
        curesAccount: true,
        paymentReference: REFERENCE,
      },
    });
    expect(takers.due(at + HOUR)).toEqual([]);
    expect(takers.counts).toEqual({ paid: 1, throughLink: 1 });
    // The bank's later news of the debt no longer comes; the customer's contact details still do.
    expect(takers.keeps(overdue)).toBe(false);
    const contact = portfolio.actions.find(
      (a) =>
        a.kind === 'bank' &&
        a.event.type === 'contact.updated' &&
        a.event.payload.accountId === taker.accountId,
    );
    if (contact?.kind !== 'bank') throw new Error('no contact event');
    expect(takers.keeps(contact.event)).toBe(true);
  });

  it('pays by a transfer of their own, without the reference, when not through the link', () => {
    const taker = account((r) => r.takes && !r.throughLink);
    const takers = createOfferTakers(portfolio);
    const overdue = overdueOf(taker.accountId);
    if (!overdue) throw new Error('no overdue event');
    takers.published([overdue]);
    takers.received([{ channel: 'sms', to: taker.phone, reference: REFERENCE }], 0);
    const [payment] = takers.due(7 * HOUR);
    expect(payment?.payload.paymentReference).toBeUndefined();
    expect(takers.counts).toEqual({ paid: 1, throughLink: 0 });
  });

  it('leaves alone those who do not take it, and those who paid already', () => {
    const declines = account((r) => !r.takes);
    const paidAlready = account((r) => r.takes);
    const takers = createOfferTakers(portfolio);
    for (const a of [declines, paidAlready]) {
      const overdue = overdueOf(a.accountId);
      if (!overdue) throw new Error('no overdue event');
      takers.published([overdue]);
    }
    const payment = portfolio.actions.find(
      (a) => a.kind === 'bank' && a.event.type === 'account.payment',
    );
    if (payment?.kind !== 'bank' || payment.event.type !== 'account.payment')
      throw new Error('no payment in the portfolio');
    takers.published([
      { ...payment.event, payload: { ...payment.event.payload, accountId: paidAlready.accountId } },
    ]);
    takers.received(
      [declines, paidAlready].map((a) => ({
        channel: 'email' as const,
        to: emailOf(a.accountId),
        reference: REFERENCE,
      })),
      0,
    );
    expect(takers.due(24 * HOUR)).toEqual([]);
  });
});
