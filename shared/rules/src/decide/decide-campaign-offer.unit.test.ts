import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { sampleEvents, type CampaignOfferV1Payload, type EventOf } from '@kindly/contracts';
import { loadPlanningRules } from '../load-planning-rules.js';
import type { ContactHistoryEntry } from '../policy/index.js';
import { emptyAccountState } from '../state/account-state.js';
import { evolveAccountState, type BankInput } from '../state/evolve-account-state.js';
import { campaignCycleId, decideCampaignOffer } from './decide-campaign-offer.js';

const rules = loadPlanningRules();
const accountId = sampleEvents['account.overdue'].payload.accountId;
const contact = sampleEvents['contact.updated']; // Asia/Shanghai, CN, zh-CN
const noPreferences: EventOf<'contact.updated'> = {
  ...contact,
  payload: { ...contact.payload, preferredWindows: [], appointments: [] },
};
const number = contact.payload.phones[0]!.number;

function overdue(daysPastDue: number): EventOf<'account.overdue'> {
  const base = sampleEvents['account.overdue'];
  return { ...base, payload: { ...base.payload, daysPastDue } };
}

function consent(
  purpose: 'servicing' | 'marketing',
  status: 'granted' | 'revoked',
): EventOf<'contact.consent'> {
  const base = sampleEvents['contact.consent'];
  const event: EventOf<'contact.consent'> = {
    ...base,
    eventId: `consent-${purpose}-${status}`,
    payload: {
      accountId: base.payload.accountId,
      source: base.payload.source,
      at: base.payload.at,
      channel: 'sms',
      address: number,
      purpose,
      status,
      basis: purpose === 'marketing' ? 'express-consent' : base.payload.basis,
    },
  };
  return event;
}

function stateOf(...events: BankInput[]) {
  return events.reduce(
    (s, e) => evolveAccountState(s, e).state,
    emptyAccountState('bank-1', accountId),
  );
}

const offer: CampaignOfferV1Payload = {
  accountId,
  campaignId: 'instalment-plan-2026-spring',
  campaignVersion: 1,
  campaignHash: 'b'.repeat(64),
  variant: 'challenger-savings-first',
  strategyId: 'repayment-offer-campaign',
  steps: [{ channel: 'sms', templateId: 'campaign-instalment-plan-savings-first-sms' }],
  sendBy: '2026-03-31T15:59:59Z',
  offers: [
    {
      kind: 'instalment-plan',
      offerId: 'spring-plan',
      instalments: { min: 6, max: 12 },
      validForDays: 30,
      templates: { email: 'offer-instalment-plan-email' },
    },
  ],
};

// 2026-03-04 10:00 in Shanghai (02:00Z), a Wednesday.
const wednesdayMorning = DateTime.fromISO('2026-03-04T02:00:00Z', { zone: 'utc' });

function decide(
  events: BankInput[],
  now = wednesdayMorning,
  request = offer,
  history: readonly ContactHistoryEntry[] = [],
) {
  return decideCampaignOffer(rules, { state: stateOf(...events), history }, request, now);
}

/** A text that reached the customer at `at`: it counts toward the SMS caps, whatever its purpose. */
const textAt = (at: string): ContactHistoryEntry => ({ channel: 'sms', at, kind: 'delivered' });

describe('decideCampaignOffer', () => {
  it('plans the variant’s wording as a marketing message in the campaign’s own cycle', () => {
    const decision = decide([overdue(45), noPreferences, consent('marketing', 'granted')]);
    expect(decision).toMatchObject({ kind: 'plan', sendableNow: true });
    if (decision.kind !== 'plan') return;
    expect(decision.message).toMatchObject({
      channel: 'sms',
      purpose: 'marketing',
      templateId: 'campaign-instalment-plan-savings-first-sms',
      campaignId: offer.campaignId,
      variant: 'challenger-savings-first',
      cycleId: campaignCycleId(offer.campaignId),
      strategyId: 'repayment-offer-campaign',
      stage: 1,
      earliestSendAt: '2026-03-04T02:00:00Z',
    });
    expect(decision.message.reasons).toContain('CAMPAIGN_OFFER');
    // The campaign's terms travel with the message, for the renderer to state.
    expect(decision.message.offers).toEqual(offer.offers);
    expect(decision.message).not.toHaveProperty('paymentReference');
  });

  it('carries the signed reference the campaign made for the message’s payment link', () => {
    const paymentReference = 'k2026.KD3F2B8C1E9A.ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const signed = { ...offer, paymentReference };
    const decision = decide(
      [overdue(45), noPreferences, consent('marketing', 'granted')],
      wednesdayMorning,
      signed,
    );
    expect(decision.kind === 'plan' && decision.message.paymentReference).toBe(paymentReference);
  });

  it('never plans without marketing consent: servicing consent is not enough', () => {
    const servicingOnly = decide([overdue(45), noPreferences, consent('servicing', 'granted')]);
    expect(servicingOnly).toMatchObject({ kind: 'suppress', reasons: ['NO_CONSENT'] });
    const revoked = decide([
      overdue(45),
      noPreferences,
      consent('marketing', 'granted'),
      { ...consent('marketing', 'revoked'), occurredAt: '2025-03-10T03:00:00Z' },
    ]);
    expect(revoked.kind).toBe('suppress');
  });

  it('gives the same message id when the same account is handed over twice', () => {
    const events = [overdue(45), noPreferences, consent('marketing', 'granted')];
    const first = decide(events);
    const again = decide(events, wednesdayMorning.plus({ minutes: 5 }));
    expect(first.kind === 'plan' && again.kind === 'plan').toBe(true);
    if (first.kind !== 'plan' || again.kind !== 'plan') return;
    expect(again.message.messageId).toBe(first.message.messageId);
  });

  it('waits for the customer’s window, and plans nothing past the campaign’s end', () => {
    const events = [overdue(45), noPreferences, consent('marketing', 'granted')];
    const lateEvening = DateTime.fromISO('2026-03-04T14:30:00Z', { zone: 'utc' }); // 22:30 there
    const waits = decide(events, lateEvening);
    expect(waits).toMatchObject({ kind: 'plan', sendableNow: false });
    const endsTonight = decide(events, lateEvening, { ...offer, sendBy: '2026-03-04T15:59:59Z' });
    expect(endsTonight).toMatchObject({ kind: 'suppress', reasons: ['NO_WINDOW'] });
    const over = decide(events, lateEvening.plus({ days: 30 }));
    expect(over).toEqual({ kind: 'nothing', why: 'CAMPAIGN_OVER' });
  });

  it('gives one id per campaign and account, whatever stage or channel it is planned in', () => {
    const inStage1 = decide([overdue(89), noPreferences, consent('marketing', 'granted')]);
    const inStage2 = decide([
      {
        ...overdue(90),
        payload: {
          ...overdue(90).payload,
          overdueAmount: { amountMinor: 9_000_000, currency: 'CNY' },
        },
      },
      noPreferences,
      consent('marketing', 'granted'),
    ]);
    if (inStage1.kind !== 'plan' || inStage2.kind !== 'plan') throw new Error('expected plans');
    expect(inStage2.message.stage).not.toBe(inStage1.message.stage);
    expect(inStage2.message.messageId).toBe(inStage1.message.messageId);
    const suppressed = decide([overdue(89), noPreferences, consent('servicing', 'granted')]);
    expect(suppressed.kind === 'suppress' && suppressed.messageId).toBe(inStage1.message.messageId);
  });

  it('waits past the frequency caps: a text an hour ago puts the offer into the next day', () => {
    // The firm's one SMS a day (the default policy's `sms-per-day`, which China inherits).
    const events = [overdue(45), noPreferences, consent('marketing', 'granted')];
    const decision = decide(events, wednesdayMorning, offer, [textAt('2026-03-04T01:00:00Z')]);
    expect(decision).toMatchObject({ kind: 'plan', sendableNow: false });
    if (decision.kind !== 'plan') return;
    // 08:00 in Shanghai on Thursday, when the next day's window opens.
    expect(decision.message.earliestSendAt).toBe('2026-03-05T00:00:00Z');
    expect(decision.message.reasons).toContain('WAITED_FOR_CAP');
  });

  it('suppresses for the cap when the caps hold it back past the campaign’s end', () => {
    const events = [overdue(45), noPreferences, consent('marketing', 'granted')];
    // The campaign ends tonight; the text this morning leaves no allowed time before then.
    const endsTonight = { ...offer, sendBy: '2026-03-04T15:59:59Z' };
    const capped = decide(events, wednesdayMorning, endsTonight, [textAt('2026-03-04T01:00:00Z')]);
    expect(capped).toMatchObject({ kind: 'suppress', reasons: ['CAP_REACHED'] });
    // Three texts this week (`sms-per-week`): the same, though a day has passed since the last.
    const week = ['2026-02-27T02:00:00Z', '2026-03-01T02:00:00Z', '2026-03-02T02:00:00Z'];
    const weekly = decide(events, wednesdayMorning, endsTonight, week.map(textAt));
    expect(weekly).toMatchObject({ kind: 'suppress', reasons: ['CAP_REACHED'] });
    // Without the history, the same campaign plans at once.
    expect(decide(events, wednesdayMorning, endsTonight)).toMatchObject({ kind: 'plan' });
    // At 22:30 there no window is left before the end, cap or none: the window is the reason.
    const lateEvening = DateTime.fromISO('2026-03-04T14:30:00Z', { zone: 'utc' });
    const closed = decide(events, lateEvening, endsTonight, [textAt('2026-03-04T01:00:00Z')]);
    expect(closed).toMatchObject({ kind: 'suppress', reasons: ['NO_WINDOW'] });
  });

  it('plans nothing for an account the campaign strategy has no stage for', () => {
    const early = decide([overdue(3), noPreferences, consent('marketing', 'granted')]);
    expect(early).toEqual({ kind: 'nothing', why: 'NO_STAGE' });
  });
});
