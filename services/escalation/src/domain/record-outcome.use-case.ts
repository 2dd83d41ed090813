import type { DateTime } from 'luxon';
import { evidenceOf } from './delivery-evidence.js';
import { knownState, type EscalationDeps } from './escalation-deps.js';
import type { OutcomeReport } from './escalation-message.js';
import { evaluateFallback } from './evaluate-fallback.use-case.js';

export type OutcomeResult = 'escalated' | 'recorded' | 'no-news';

/**
 * Records what a provider (or an agent) reported about a message, and decides its fallback at
 * once when the report is decisive: a definite failure escalates now, a delivery ends the wait.
 */
export async function recordOutcome(
  deps: EscalationDeps,
  report: OutcomeReport,
  now: DateTime,
): Promise<OutcomeResult> {
  const evidence = evidenceOf(report.channel, report.status, report.retryable);
  if (evidence === 'progress') return 'no-news';
  await deps.messages.recordOutcome(report, evidence);
  const message = await deps.messages.get(report.messageId);
  if (message?.release === undefined) return 'recorded';
  const { state } = await deps.accounts.load(report.tenantId, report.accountId);
  const verdict = await evaluateFallback(deps, message, knownState(state), now);
  return verdict.kind === 'escalate' ? 'escalated' : 'recorded';
}
