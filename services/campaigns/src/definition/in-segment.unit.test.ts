import { describe, expect, it } from 'vitest';
import type { CampaignAccountFacts } from './account-facts.js';
import type { Campaign } from './campaign.schema.js';
import { inSegment } from './in-segment.js';
import type { Segment } from './segment.schema.js';
import { aCampaignAccount, amountsIn, withoutStage } from './testing/a-campaign-account.js';
import { exampleCampaign, INSTALMENT_PLAN_FILE } from './testing/example-campaigns.js';

// The spring campaign: 30–89 days past due, USD 100.00–10,000.00 overdue, cards and personal
// loans, US/CN/GB, stages 1–2, no promise broken within 60 days, no running plan or open
// promise, no contact within 3 days, not in itself or the Q2 settlement campaign within 90 days.
const spring = exampleCampaign(INSTALMENT_PLAN_FILE);
const NOW = new Date('2027-03-20T16:00:00Z'); // noon, Saturday 20 March, in New York (EDT)

function withSegment(patch: Partial<Segment>): Campaign {
  return { ...spring, segment: { ...spring.segment, ...patch } };
}

function codesOf(campaign: Campaign, facts: CampaignAccountFacts): string[] {
  const membership = inSegment(campaign, facts, NOW);
  return membership.in ? [] : membership.reasons.map((reason) => reason.code);
}

type Overrides = Partial<CampaignAccountFacts>;
type Case = [string, Overrides, Overrides, string];

// Each filter on both sides of its boundary: [filter, just inside, just outside, reason].
const boundaries: Case[] = [
  ['days past due, from', { daysPastDue: 30 }, { daysPastDue: 29 }, 'DAYS_PAST_DUE_BELOW'],
  ['days past due, to', { daysPastDue: 89 }, { daysPastDue: 90 }, 'DAYS_PAST_DUE_ABOVE'],
  [
    'overdue balance, min',
    amountsIn('USD', { overdue: 10_000, total: 90_000 }),
    amountsIn('USD', { overdue: 9_999, total: 90_000 }),
    'OVERDUE_BALANCE_BELOW',
  ],
  [
    'overdue balance, max',
    amountsIn('USD', { overdue: 1_000_000, total: 2_000_000 }),
    amountsIn('USD', { overdue: 1_000_001, total: 2_000_000 }),
    'OVERDUE_BALANCE_ABOVE',
  ],
  [
    'overdue balance, currency',
    { ...amountsIn('CNY', { overdue: 50_000, total: 90_000 }), jurisdiction: 'CN' },
    { ...amountsIn('EUR', { overdue: 50_000, total: 90_000 }), jurisdiction: 'GB' },
    'CURRENCY_NOT_IN_SEGMENT',
  ],
  [
    'product',
    { product: 'personal-loan' },
    { product: 'instalment-loan' },
    'PRODUCT_NOT_IN_SEGMENT',
  ],
  [
    'jurisdiction',
    { jurisdiction: 'US-MA' },
    { jurisdiction: 'DE' },
    'JURISDICTION_NOT_IN_SEGMENT',
  ],
  ['stage', { stage: 2 }, { stage: 3 }, 'STAGE_NOT_IN_SEGMENT'],
  [
    // 60 local days before 20 March is 19 January; 23:00 EST that day is already 20 January in UTC.
    'broken promise within 60 days',
    {
      arrangements: [
        { kind: 'promise-to-pay', status: 'broken', changedAt: '2027-01-20T04:00:00Z' },
      ],
    },
    {
      arrangements: [
        { kind: 'promise-to-pay', status: 'broken', changedAt: '2027-01-20T05:30:00Z' },
      ],
    },
    'BROKEN_PROMISE_RECENT',
  ],
  [
    'running instalment plan',
    {
      arrangements: [
        { kind: 'instalment-plan', status: 'kept', changedAt: '2027-03-19T12:00:00Z' },
      ],
    },
    {
      arrangements: [
        { kind: 'instalment-plan', status: 'made', changedAt: '2026-03-19T12:00:00Z' },
      ],
    },
    'ACTIVE_PLAN',
  ],
  [
    'open promise',
    {
      arrangements: [
        { kind: 'promise-to-pay', status: 'cancelled', changedAt: '2027-03-19T12:00:00Z' },
      ],
    },
    {
      arrangements: [{ kind: 'promise-to-pay', status: 'made', changedAt: '2027-03-19T12:00:00Z' }],
    },
    'OPEN_PROMISE',
  ],
  [
    // At least 3 days: 17 March local is in, 18 March (00:01 EDT) is out.
    'last contact',
    { lastContactAt: '2027-03-18T03:59:00Z' },
    { lastContactAt: '2027-03-18T04:01:00Z' },
    'CONTACTED_RECENTLY',
  ],
  [
    'earlier campaign within 90 days',
    {
      exposures: [
        { campaignId: 'settlement-discount-2027-q2', assignedAt: '2026-12-20T16:00:00Z' },
      ],
    },
    {
      exposures: [
        { campaignId: 'settlement-discount-2027-q2', assignedAt: '2026-12-21T16:00:00Z' },
      ],
    },
    'EXPOSED_TO_CAMPAIGN',
  ],
  [
    'excluded flag',
    { activeFlags: ['cured', 'charged-off'] },
    { activeFlags: ['attorney-represented'] },
    'FLAG_EXCLUDED',
  ],
];

describe('inSegment', () => {
  it('takes the ordinary account', () => {
    expect(inSegment(spring, aCampaignAccount(), NOW)).toEqual({ in: true });
  });

  it.each(boundaries)('%s: in on one side, out on the other', (_, inside, outside, code) => {
    expect(codesOf(spring, aCampaignAccount(inside))).toEqual([]);
    expect(codesOf(spring, aCampaignAccount(outside))).toEqual([code]);
  });

  it('keeps out an account not yet placed in a stage when the segment names stages', () => {
    expect(codesOf(spring, withoutStage(aCampaignAccount()))).toEqual(['STAGE_NOT_IN_SEGMENT']);
    expect(codesOf(withSegment({ stages: undefined }), withoutStage(aCampaignAccount()))).toEqual(
      [],
    );
  });

  it('counts days in the customer’s zone across the change to daylight saving time', () => {
    // New York springs forward on Sunday 14 March 2027. A contact at 23:30 EST on Saturday the
    // 13th was seven calendar days before Saturday the 20th, though only 6 × 24 hours before
    // 00:30 EDT on the 20th, and on UTC's calendar it fell on the 14th.
    const weekly = withSegment({ lastContactAtLeastDaysAgo: 7 });
    const facts = aCampaignAccount({ lastContactAt: '2027-03-14T04:30:00Z' });
    const justAfterMidnight = inSegment(weekly, facts, new Date('2027-03-20T04:30:00Z'));
    const justBefore = inSegment(weekly, facts, new Date('2027-03-20T03:30:00Z'));
    expect(justAfterMidnight).toEqual({ in: true });
    expect(justBefore).toEqual({
      in: false,
      reasons: [{ code: 'CONTACTED_RECENTLY', detail: '6 days ago < 7' }],
    });
  });

  it('counts the same instant as a different day in another zone', () => {
    // 20:00 UTC on 17 March is 16:00 that day in New York, 04:00 on the 18th in Shanghai; at
    // 12:00 UTC on the 20th, three days have passed in New York and two in Shanghai.
    const now = new Date('2027-03-20T12:00:00Z');
    const contact = { lastContactAt: '2027-03-17T20:00:00Z' };
    expect(inSegment(spring, aCampaignAccount(contact), now)).toEqual({ in: true });
    const shanghai = aCampaignAccount({ ...contact, timeZone: 'Asia/Shanghai' });
    expect(inSegment(spring, shanghai, now)).toMatchObject({
      in: false,
      reasons: [{ code: 'CONTACTED_RECENTLY', detail: '2 days ago < 3' }],
    });
  });

  it('keeps a country’s subdivisions in, but a listed subdivision takes only itself', () => {
    const massachusetts = withSegment({ jurisdictions: ['US-MA'] });
    expect(codesOf(massachusetts, aCampaignAccount({ jurisdiction: 'US-MA' }))).toEqual([]);
    expect(codesOf(massachusetts, aCampaignAccount({ jurisdiction: 'US' }))).toEqual([
      'JURISDICTION_NOT_IN_SEGMENT',
    ]);
  });

  it('ignores exposure to campaigns it does not name', () => {
    const exposures = [{ campaignId: 'unrelated', assignedAt: '2027-03-19T12:00:00Z' }];
    expect(codesOf(spring, aCampaignAccount({ exposures }))).toEqual([]);
  });

  it('excludes listed accounts, and the flags no marketing may reach even if the campaign omits them', () => {
    const careless = withSegment({ exclude: { flags: [], accounts: ['acc-000001'] } });
    expect(codesOf(careless, aCampaignAccount({ activeFlags: ['deceased'] }))).toEqual([
      'ACCOUNT_EXCLUDED',
      'FLAG_EXCLUDED',
    ]);
  });

  it('reports every filter the account fails, not just the first', () => {
    const facts = aCampaignAccount({
      daysPastDue: 120,
      product: 'overdraft',
      activeFlags: ['dispute'],
    });
    expect(codesOf(spring, facts)).toEqual([
      'FLAG_EXCLUDED',
      'DAYS_PAST_DUE_ABOVE',
      'PRODUCT_NOT_IN_SEGMENT',
    ]);
  });
});
