/**
 * The planner and the re-check over generated histories: whatever the real planner sends (at
 * the instant it planned, to the address it chose), the re-check must find compliant. The two
 * share no rule code, so a difference is a bug in one of them, to be understood, not averaged
 * away.
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
import { createHolidayLookup, recheckAccount, shippedPolicy, type Violation } from './index.js';
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
/** Collections cases under the shipped strategies, campaign cases under the campaign. */
const casesArb = fc.oneof(
  plannerCaseArb().map((c) => [c, rules] as const),
  plannerCaseArb({ campaign: true }).map((c) => [c, campaignRules] as const),
);
const options = { policyAt: shippedPolicy(), holidayOn: createHolidayLookup() };

/**
 * The one known difference (see the report of issue 16): `decideOutreach` judges consent at the
 * instant it decides, not at the instant it plans the send for, so a revocation it already holds
 * but dated between the two (`contact.consent` with occurredAt ≤ decision < at ≤ send) does not
 * stop the plan. In the pipeline the release's last look (`lastLook`, which judges consent at
 * its own `now`) stops such a message; sent at the planned instant without one, it is a send
 * after an opt-out. Only consent violations whose record is dated after the decision are
 * excused, and only when the planner was not asked again at the send.
 */
function plannedBeforeTheConsentChanged(v: Violation, decidedAt: string | undefined): boolean {
  const record =
    v.kind === 'AFTER_OPT_OUT' ? v.revocation : v.kind === 'NO_CONSENT' ? v.inForce : undefined;
  return (
    record !== undefined && decidedAt !== undefined && Date.parse(record.at) > Date.parse(decidedAt)
  );
}

describe('the planner and the independent re-check', () => {
  it('agree: every send the planner makes is compliant by the re-check', () => {
    let sends = 0;
    fc.assert(
      fc.property(casesArb, fc.boolean(), ([c, ruleSet], askAgain) => {
        const run = drivePlanner(c, ruleSet, { askAgain });
        sends += run.sends;
        const violations = recheckAccount(run.events, options).violations.filter(
          (v) => askAgain || !plannedBeforeTheConsentChanged(v, run.decided.get(v.send.messageId)),
        );
        expect(violations).toEqual([]);
      }),
      { numRuns: 500 },
    );
    // The property means little if the planner hardly sent anything.
    expect(sends).toBeGreaterThan(200);
  }, 120_000);
});
