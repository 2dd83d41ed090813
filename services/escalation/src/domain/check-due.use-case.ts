import type { DateTime } from 'luxon';
import { decideLegalAfterNotice } from './escalation-decisions.js';
import { knownState, type EscalationDeps } from './escalation-deps.js';
import { escalatedEvent } from './escalation-events.js';
import type { MessageRecord } from './escalation-message.js';
import { evaluateFallback } from './evaluate-fallback.use-case.js';

export interface DueRound {
  /** Timers looked at; a full batch means more may be due. */
  readonly checked: number;
  readonly escalated: number;
}

/**
 * One round of the passage of time: every message whose fallback wait has ended, and every
 * final notice whose wait for legal has ended, is decided at `now`. Several replicas may decide
 * the same timer: the escalation's id is the same, and the outbox publishes it once.
 */
export async function checkDue(
  deps: EscalationDeps,
  now: DateTime,
  batchSize: number,
): Promise<DueRound> {
  const at = now.toJSDate();
  let escalated = 0;
  const fallbacks = await deps.messages.dueFallbacks(at, batchSize);
  for (const message of fallbacks) {
    const { state } = await deps.accounts.load(message.tenantId, message.accountId);
    const verdict = await evaluateFallback(deps, message, knownState(state), now);
    if (verdict.kind === 'escalate') escalated += 1;
  }
  const notices = await deps.messages.dueLegal(at, batchSize);
  for (const message of notices) {
    if (await decideLegal(deps, message, now)) escalated += 1;
  }
  return { checked: Math.max(fallbacks.length, notices.length), escalated };
}

async function decideLegal(deps: EscalationDeps, message: MessageRecord, now: DateTime) {
  const release = message.release;
  if (release === undefined) return false;
  const [{ state }, messages] = await Promise.all([
    deps.accounts.load(message.tenantId, message.accountId),
    deps.messages.ofAccount(message.tenantId, message.accountId),
  ]);
  const laterInStage = messages.some(
    (m) =>
      m.messageId !== message.messageId &&
      m.cancelled === undefined &&
      m.release?.cycleId === release.cycleId &&
      m.release.stage === release.stage &&
      Date.parse(m.release.releasedAt) > Date.parse(release.releasedAt),
  );
  const verdict = decideLegalAfterNotice({
    catalog: deps.rules.strategies,
    message,
    laterInStage,
    state: knownState(state),
    now,
  });
  switch (verdict.kind) {
    case 'wait':
      await deps.messages.updateLegal(message.messageId, {
        kind: 'wait',
        until: verdict.until.toJSDate(),
      });
      return false;
    case 'settle':
      await deps.messages.updateLegal(message.messageId, { kind: 'done', why: verdict.why });
      return false;
    case 'escalate':
      await deps.outbox.publishOnce([
        escalatedEvent(
          {
            tenantId: message.tenantId,
            accountId: message.accountId,
            cycleId: release.cycleId,
            correlationId: release.correlationId,
            causationId: release.releasedEventId,
          },
          verdict.escalation,
        ),
      ]);
      await deps.messages.updateLegal(message.messageId, { kind: 'done', why: 'ESCALATED' });
      return true;
  }
}
