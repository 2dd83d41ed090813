/**
 * The policy in force at each instant, for the independent re-check: the versions approved
 * through the operator API (`rule-proposals`, approved, by the time of their approval), and the
 * shipped file before the first. Parsed by the re-check's own reader, not the planner's.
 */
import { RULE_PROPOSALS, type Db } from '@kindly/mongo';
import { parsePolicyDocument, shippedPolicy, type PolicyAt } from '../recheck/policy-document.js';

interface ApprovedPolicy {
  readonly text: string;
  readonly decidedAt: string;
}

export async function policyHistory(db: Db): Promise<PolicyAt> {
  const approved = await db
    .collection<ApprovedPolicy & { kind: string; state: string }>(RULE_PROPOSALS)
    .find({ kind: 'policy', state: 'approved' }, { projection: { text: 1, decidedAt: 1 } })
    .sort({ decidedAt: 1 })
    .toArray();
  const shipped = shippedPolicy();
  if (approved.length === 0) return shipped;
  const versions = approved.map((p) => ({
    fromMs: Date.parse(p.decidedAt),
    doc: parsePolicyDocument(p.text),
  }));
  return (instantUtc) => {
    const atMs = Date.parse(instantUtc);
    let inForce = undefined as (typeof versions)[number] | undefined;
    for (const version of versions) if (version.fromMs <= atMs) inForce = version;
    return inForce?.doc ?? shipped(instantUtc);
  };
}
