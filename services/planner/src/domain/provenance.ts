/**
 * What the planner's events name as their source, for the audit: the policy's version and the
 * SHA-256 of its file, and the planning strategy's file hash. Only what the loaded rules know:
 * rules made in code (tests) have no files, and then no hash is claimed.
 */
import { strategyHashOf, type PlanningRules } from '@kindly/rules';

/** The policy in force, for a planned or suppressed event. */
export function policyProvenance(rules: PlanningRules): {
  readonly policyVersion: number;
  readonly policyHash?: string;
} {
  return {
    policyVersion: rules.policy.version,
    ...(rules.policySha256 !== undefined ? { policyHash: rules.policySha256 } : {}),
  };
}

/** The strategy file a plan came from, matched on the plan's strategy id and version. */
export function strategyProvenance(
  rules: PlanningRules,
  plan: { readonly strategyId: string; readonly strategyVersion: number },
): { readonly strategyHash?: string } {
  const hash = strategyHashOf(rules.strategies, plan.strategyId, plan.strategyVersion);
  return hash !== undefined ? { strategyHash: hash } : {};
}
