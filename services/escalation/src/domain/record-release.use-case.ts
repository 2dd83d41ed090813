import { DateTime } from 'luxon';
import type { OutreachReleasedV1 } from '@kindly/contracts';
import { channelStepOf } from '@kindly/rules';
import { deliveredAtOf } from './delivery-evidence.js';
import { createAgentTask } from './create-task.use-case.js';
import { zoneOf } from './escalation-decisions.js';
import { knownState, type EscalationDeps } from './escalation-deps.js';
import { releasedMessageOf } from './escalation-message.js';
import { evaluateFallback } from './evaluate-fallback.use-case.js';
import type { MessageTimers } from './ports.js';
import { finalNoticeStageOf, strategyOf } from './strategy-steps.js';
import { waitEnds } from './wait-deadline.js';

/**
 * A released message starts its fallback wait (and, in the final-notice stage, the wait for
 * legal), is decided at once when its outcome came first, and a call message becomes an agent
 * task. A redelivered release changes nothing but re-checks the task and the decision, which
 * are idempotent: this is what makes a crash between two steps harmless.
 */
export async function recordRelease(
  deps: EscalationDeps,
  event: OutreachReleasedV1,
  now: DateTime,
): Promise<'new' | 'duplicate'> {
  const { payload } = event;
  const release = releasedMessageOf(event);
  const { state } = await deps.accounts.load(event.tenantId, payload.accountId);
  const zone = zoneOf(knownState(state));
  const released = DateTime.fromISO(release.releasedAt, { zone: 'utc' });
  // A campaign message is one offer, not a stage to work through: no fallback channel follows it
  // (the campaign's own channels were weighed when it was planned).
  const step =
    payload.campaignId === undefined ? channelStepOf(deps.rules.strategies, release) : undefined;
  const strategy = strategyOf(deps.rules.strategies, release.strategyId, release.strategyVersion);
  const notice = strategy === undefined ? undefined : finalNoticeStageOf(strategy);
  const timers: MessageTimers = {
    // The zone may change before then: the timer is a first guess, the decision recomputes it.
    ...(step === undefined
      ? {}
      : { fallbackDueAt: waitEnds(released, step.fallbackAfter, zone).toJSDate() }),
    ...(notice?.stage === release.stage && notice.escalateAfter !== undefined
      ? { legalDueAt: waitEnds(released, notice.escalateAfter, zone).toJSDate() }
      : {}),
  };
  const key = {
    messageId: payload.messageId,
    tenantId: event.tenantId,
    accountId: payload.accountId,
  };
  const result = await deps.messages.recordRelease(key, release, timers);
  const message = await deps.messages.get(payload.messageId);
  if (message !== undefined && message.cancelled === undefined) {
    if (release.channel === 'agent-call') {
      await createAgentTask(deps, { ...key, causationId: event.eventId }, release, state, now);
    }
    // An outcome that came before its release (another topic) is decided now.
    if (message.delivery.failedAt !== undefined || deliveredAtOf(message.delivery) !== undefined) {
      await evaluateFallback(deps, message, knownState(state), now);
    }
  }
  return result;
}
