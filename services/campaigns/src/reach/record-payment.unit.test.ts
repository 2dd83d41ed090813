import { describe, expect, it } from 'vitest';
import { sampleEvents, type AccountPaymentV1 } from '@kindly/contracts';
import { referenceFieldsOf, signReference } from '../attribution/index.js';
import type { CampaignMessages } from '../data-access/campaign-messages.repository.js';
import type { KeptPayment, Payments } from '../data-access/payments.repository.js';
import type { Exposure } from '../launch/ports.js';
import { recordPayment, type ReachDeps } from './record-reach.use-case.js';

const KEY = { id: 'k2026', secret: 'a-test-secret-of-at-least-32-characters' };
const TENANT = 'bank-cn';
const exposure = (accountId: string, campaignId: string, variant?: string): Exposure => ({
  campaignId,
  tenantId: TENANT,
  accountId,
  group: variant === undefined ? 'holdout' : 'treatment',
  ...(variant !== undefined ? { variant } : {}),
  assignedAt: '2026-03-01T00:00:00Z',
});
const EXPOSURES = [
  exposure('A1', 'spring', 'champion'),
  exposure('A1', 'autumn'), // held out of another campaign: no message, no candidate
  exposure('A2', 'spring', 'challenger'),
];
const linkOf = (accountId: string, variant: string) =>
  signReference(referenceFieldsOf(TENANT, accountId, 'spring', variant), KEY);

function payment(accountId: string, paymentReference?: string): AccountPaymentV1 {
  const base = sampleEvents['account.payment'];
  return {
    ...base,
    tenantId: TENANT,
    payload: { ...base.payload, accountId, ...(paymentReference ? { paymentReference } : {}) },
  };
}

async function kept(event: AccountPaymentV1, keys = [KEY]) {
  const recorded: KeptPayment[] = [];
  const lookups: string[] = [];
  const deps: ReachDeps = {
    // A payment touches no message; only `record` of the payments is used.
    messages: undefined as unknown as CampaignMessages,
    payments: { record: async (p: KeptPayment) => void recorded.push(p) } as unknown as Payments,
    addReach: async () => undefined,
    referenceKeys: keys,
    exposuresOf: async (tenantId, accountId) => {
      lookups.push(accountId);
      return EXPOSURES.filter((e) => e.tenantId === tenantId && e.accountId === accountId);
    },
  };
  await recordPayment(deps, event);
  return { payment: recorded[0], lookups };
}

describe('a payment’s reference, verified on arrival', () => {
  it('is kept when it is the link of the paying account’s own campaign message', async () => {
    const { payment: p } = await kept(payment('A1', linkOf('A1', 'champion')));
    expect(p?.reference).toEqual(referenceFieldsOf(TENANT, 'A1', 'spring', 'champion'));
  });

  it('is dropped (the payment kept) when the link was another account’s, forwarded', async () => {
    const { payment: p } = await kept(payment('A2', linkOf('A1', 'champion')));
    expect(p).toBeDefined();
    expect(p).not.toHaveProperty('reference');
  });

  it('is dropped when it names the right message under another variant', async () => {
    const { payment: p } = await kept(payment('A1', linkOf('A1', 'challenger')));
    expect(p).not.toHaveProperty('reference');
  });

  it('is dropped for an account only held out (no message, so no link to pay through)', async () => {
    const held = signReference(referenceFieldsOf(TENANT, 'A1', 'autumn', 'champion'), KEY);
    const { payment: p } = await kept(payment('A1', held));
    expect(p).not.toHaveProperty('reference');
  });

  it('is not looked at without keys, nor looked up for a payment without one', async () => {
    const unkeyed = await kept(payment('A1', linkOf('A1', 'champion')), []);
    expect(unkeyed.payment).not.toHaveProperty('reference');
    expect(unkeyed.lookups).toEqual([]);
    const plain = await kept(payment('A1'));
    expect(plain.lookups).toEqual([]);
  });
});
