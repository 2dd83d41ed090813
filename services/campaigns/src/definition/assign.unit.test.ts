import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assign, assignmentPoint } from './assign.js';
import type { Campaign } from './campaign.schema.js';
import { exampleCampaign, INSTALMENT_PLAN_FILE } from './testing/example-campaigns.js';

const spring = exampleCampaign(INSTALMENT_PLAN_FILE);
const ACCOUNTS = 20_000;

function groupOf(campaign: Campaign, tenantId: string, accountId: string): string {
  const assignment = assign(campaign, tenantId, accountId);
  return assignment.group === 'holdout' ? 'holdout' : assignment.variant.id;
}

/** Share of each group, in percentage points. */
function sharesOf(campaign: Campaign, accountIds: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of accountIds) {
    const group = groupOf(campaign, 'bank-a', id);
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  return new Map([...counts].map(([group, count]) => [group, (100 * count) / accountIds.length]));
}

describe('assign', () => {
  it('gives the same account the same answer every time, and after a new version', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `acc-${i}`);
    const first = ids.map((id) => groupOf(spring, 'bank-a', id));
    const again = ids.map((id) => groupOf(spring, 'bank-a', id));
    const nextVersion = ids.map((id) =>
      groupOf({ ...spring, version: 2, name: 'renamed' }, 'bank-a', id),
    );
    expect(again).toEqual(first);
    expect(nextVersion).toEqual(first);
  });

  it('hashes the documented key, and keeps doing so: a change would reshuffle running campaigns', () => {
    const key = '["kindly-campaign-assignment","c","bank-a","acc-000001"]';
    const digest = createHash('sha256').update(key).digest();
    expect(assignmentPoint('c', 'bank-a', 'acc-000001')).toBe(digest.readUIntBE(0, 6) / 2 ** 48);
    expect(assignmentPoint('c', 'bank-a', 'acc-000001')).toBe(0.4553251873577864);
  });

  it('splits tenants and campaigns independently of each other', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `acc-${String(i).padStart(6, '0')}`);
    const bankA = ids.map((id) => groupOf(spring, 'bank-a', id));
    const bankB = ids.map((id) => groupOf(spring, 'bank-b', id));
    const other = ids.map((id) => groupOf({ ...spring, campaignId: 'other' }, 'bank-a', id));
    const same = (a: string[], b: string[]) =>
      a.filter((group, i) => group === b[i]).length / a.length;
    // Independent splits with shares .1/.45/.45 agree on about .01 + 2 × .2025 = 41.5 %.
    expect(same(bankA, bankB)).toBeGreaterThan(0.36);
    expect(same(bankA, bankB)).toBeLessThan(0.47);
    expect(same(bankA, other)).toBeLessThan(0.47);
  });

  it('holds the proportions over sequential account ids', () => {
    const ids = Array.from({ length: ACCOUNTS }, (_, i) => `acc-${String(i).padStart(6, '0')}`);
    const shares = sharesOf(spring, ids);
    expect(Math.abs((shares.get('holdout') ?? 0) - 10)).toBeLessThanOrEqual(1.5);
    expect(Math.abs((shares.get('champion') ?? 0) - 45)).toBeLessThanOrEqual(2);
    expect(Math.abs((shares.get('challenger-savings-first') ?? 0) - 45)).toBeLessThanOrEqual(2);
  });

  it('holds the holdout within 1.5 points and each variant within 2 points over 20,000 generated ids', () => {
    const accountId = fc.string({ minLength: 1, maxLength: 64 });
    const split = fc.record({
      holdout: fc.integer({ min: 1, max: 50 }),
      weights: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 4 }),
      campaignId: fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/),
    });
    fc.assert(
      fc.property(
        split,
        fc.uniqueArray(accountId, { minLength: ACCOUNTS, maxLength: ACCOUNTS }),
        ({ holdout, weights, campaignId }, ids) => {
          const campaign: Campaign = {
            ...spring,
            campaignId,
            holdout: { percent: holdout },
            variants: weights.map((weight, i) => ({ id: `v${i}`, weight, wording: {} })),
          };
          const shares = sharesOf(campaign, ids);
          const total = weights.reduce((a, b) => a + b, 0);
          expect(Math.abs((shares.get('holdout') ?? 0) - holdout)).toBeLessThanOrEqual(1.5);
          weights.forEach((weight, i) => {
            const expected = ((100 - holdout) * weight) / total;
            expect(Math.abs((shares.get(`v${i}`) ?? 0) - expected)).toBeLessThanOrEqual(2);
          });
        },
      ),
      { numRuns: 8 },
    );
  });
});
