/**
 * The planner and the re-check over generated histories: whatever the real planner sends (at
 * the instant it says, to the address it chose), the re-check must find compliant. The two share
 * no rule code, so a difference is a bug in one of them, to be understood, not averaged away.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createStrategyCatalog,
  defaultStrategyDir,
  loadPlanningRules,
  loadStrategy,
  type PlanningRules,
} from '@kindly/rules';
import { createHolidayLookup, recheckAccount, shippedPolicy } from './index.js';
import { drivePlanner } from '../testing/drive-planner.js';
import { plannerCaseArb } from '../testing/planner-case-arbitraries.js';

const rules = loadPlanningRules();
/** The repayment-offer campaign as the only strategy, so that marketing messages are planned. */
const campaignRules: PlanningRules = {
  ...rules,
  strategies: createStrategyCatalog([
    loadStrategy(
      readFileSync(`${defaultStrategyDir}/repayment-offer-campaign.yaml`, 'utf8')
        .replace('kind: campaign', 'kind: collections')
        .replace('  products: [credit-card, personal-loan]', '  default: true'),
      'repayment-offer-campaign-as-collections',
    ),
  ]),
};
const options = { policyAt: shippedPolicy(), holidayOn: createHolidayLookup() };

describe('the planner and the independent re-check', () => {
  it('agree: every send the planner makes is compliant by the re-check', () => {
    let sends = 0;
    fc.assert(
      fc.property(plannerCaseArb(), fc.constantFrom(rules, campaignRules), (c, ruleSet) => {
        const run = drivePlanner(c, ruleSet);
        sends += run.sends;
        const { violations } = recheckAccount(run.events, options);
        expect(violations.map((v) => ({ ...v, send: { ...v.send, outcome: undefined } }))).toEqual(
          [],
        );
      }),
      { numRuns: 400 },
    );
    // The property means little if the planner hardly sent anything.
    expect(sends).toBeGreaterThan(100);
  }, 120_000);
});
