import { describe, expect, it } from 'vitest';
import { emptyAccountState, type AccountState } from '@kindly/rules';
import { campaignFactsOf } from './account-facts.js';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const known = <T>(value: T, asOf: string) => ({ value, asOf, eventId: `evt-${asOf}` });

const state: AccountState = {
  ...emptyAccountState('bank-a', 'acc-1'),
  overdue: known(
    {
      accountId: 'acc-1',
      cycleId: 'cycle-1',
      product: 'credit-card',
      dueDate: '2027-02-01',
      daysPastDue: 45,
      overdueAmount: usd(100_000),
      totalBalance: usd(400_000),
      minimumPayment: usd(5_000),
    },
    '2027-03-18T06:00:00Z',
  ),
  contact: known(
    {
      accountId: 'acc-1',
      name: { family: 'Doe' },
      phones: [],
      emails: [],
      postalAddresses: [],
      locale: 'en-US',
      timeZone: 'America/Chicago',
      candidateTimeZones: [],
      jurisdiction: 'US-IL',
      preferredWindows: [],
      doNotContactAtWork: false,
    },
    '2027-01-01T00:00:00Z',
  ),
  flags: {
    dispute: {
      active: false,
      effectiveAt: '2027-01-01T00:00:00Z',
      asOf: '2027-01-01T00:00:00Z',
      eventId: 'e1',
    },
    'legal-hold': {
      active: true,
      effectiveAt: '2027-02-01T00:00:00Z',
      asOf: '2027-02-01T00:00:00Z',
      eventId: 'e2',
    },
  },
  arrangements: [
    known(
      {
        kind: 'promise-to-pay',
        accountId: 'acc-1',
        arrangementId: 'ptp-1',
        status: 'broken',
        promisedDate: '2027-03-01',
        amount: usd(10_000),
      },
      '2027-03-02T05:00:00Z',
    ),
  ],
};

describe('campaignFactsOf', () => {
  it('reads the overdue facts, the zone, the jurisdiction and the active flags from the state', () => {
    const facts = campaignFactsOf(state, { stage: 2, exposures: [] });
    expect(facts).toEqual({
      tenantId: 'bank-a',
      accountId: 'acc-1',
      product: 'credit-card',
      daysPastDue: 45,
      overdueAmount: usd(100_000),
      totalBalance: usd(400_000),
      minimumPayment: usd(5_000),
      jurisdiction: 'US-IL',
      timeZone: 'America/Chicago',
      activeFlags: ['legal-hold'],
      arrangements: [
        { kind: 'promise-to-pay', status: 'broken', changedAt: '2027-03-02T05:00:00Z' },
      ],
      stage: 2,
      exposures: [],
    });
  });

  it('gives nothing while the bank has not sent the overdue facts or the contact record', () => {
    const { contact: _contact, ...withoutContact } = state;
    expect(campaignFactsOf(withoutContact, { exposures: [] })).toBeUndefined();
    expect(
      campaignFactsOf(emptyAccountState('bank-a', 'acc-2'), { exposures: [] }),
    ).toBeUndefined();
  });
});
