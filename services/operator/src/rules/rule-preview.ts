/**
 * What a proposed rule would change: the planner's example cases (made-up accounts, no customer's
 * data) and any the caller adds, decided under the rules in force and under the proposal, and
 * every case whose decision differs. The same decision code the planner runs (`planCase`).
 */
import { readFileSync } from 'node:fs';
import { EXAMPLE_CASE_FILES, PlanCase, planCase, type PlanCaseResult } from '@kindly/planner';
import type { PlanningRules } from '@kindly/rules';

export interface CaseChange {
  readonly caseId: string;
  readonly before: DecisionView;
  readonly after: DecisionView;
}

export type DecisionView = Pick<
  PlanCaseResult,
  'decision' | 'allowedNow' | 'earliestAllowedAt' | 'channel' | 'templateId' | 'stage' | 'reasons'
>;

export function exampleCases(): PlanCase[] {
  return EXAMPLE_CASE_FILES.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => PlanCase.parse(JSON.parse(line))),
  );
}

export function previewChanges(
  inForce: PlanningRules,
  proposed: PlanningRules,
  cases: readonly PlanCase[],
): { readonly decided: number; readonly changed: CaseChange[] } {
  const changed: CaseChange[] = [];
  for (const input of cases) {
    const before = viewOf(planCase(inForce, input));
    const after = viewOf(planCase(proposed, input));
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      changed.push({ caseId: input.caseId, before, after });
    }
  }
  return { decided: cases.length, changed };
}

function viewOf(result: PlanCaseResult): DecisionView {
  return {
    decision: result.decision,
    allowedNow: result.allowedNow,
    earliestAllowedAt: result.earliestAllowedAt,
    ...(result.channel !== undefined ? { channel: result.channel } : {}),
    ...(result.templateId !== undefined ? { templateId: result.templateId } : {}),
    ...(result.stage !== undefined ? { stage: result.stage } : {}),
    reasons: result.reasons,
  };
}
