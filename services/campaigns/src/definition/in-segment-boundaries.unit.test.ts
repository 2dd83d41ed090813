import { describe, expect, it } from 'vitest';
import type { CampaignAccountFacts } from './account-facts.js';
import { aCampaignAccount, amountsIn } from './testing/a-campaign-account.js';
import { codesOf, spring } from './testing/spring-segment.js';

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

describe('inSegment at each filter’s boundary', () => {
  it.each(boundaries)('%s: in on one side, out on the other', (_, inside, outside, code) => {
    expect(codesOf(spring, aCampaignAccount(inside))).toEqual([]);
    expect(codesOf(spring, aCampaignAccount(outside))).toEqual([code]);
  });
});
