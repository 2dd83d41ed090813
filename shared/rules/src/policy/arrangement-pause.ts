/**
 * Pauses for repayment arrangements. A promise to pay pauses contact until the promised date
 * plus grace days (the customer may pay on any of them), resuming at the start of the next
 * local day; a broken or cancelled promise pauses nothing. An instalment plan that is made or
 * kept pauses contact; `pausedUntil` is then when to look again: after the next instalment's
 * date plus grace, by which time a `kept` or `broken` event should have arrived.
 */
import { DateTime } from 'luxon';
import type { SuppressionReason } from '@kindly/contracts';
import { dayNumberOfDate, localDayNumber, startOfLocalDayMs } from './local-days.js';
import type { AccountState, MessageToCheck } from './eligibility-types.js';
import type { ArrangementRule } from './policy-schema.js';
import type { JurisdictionPolicy } from './policy-types.js';

export interface Pause {
  readonly reason: Extract<SuppressionReason, 'PROMISE_PENDING' | 'PLAN_ACTIVE'>;
  /** When contact may resume (or be reconsidered), UTC. */
  readonly until: DateTime;
}

/** The start of the day after `lastDay`, latest over the zones: paused wherever they are. */
function dayAfter(lastDay: number, zones: readonly string[]): DateTime {
  const starts = zones.map((zone) => startOfLocalDayMs(lastDay + 1, zone));
  return DateTime.fromMillis(Math.max(...starts), { zone: 'utc' });
}

function pauses(rule: ArrangementRule, message: MessageToCheck): boolean {
  const allowed =
    message.templateKind !== undefined && rule.allowTemplateKinds.includes(message.templateKind);
  return rule.pauses.includes(message.purpose) && !allowed;
}

/**
 * The pause an arrangement imposes on this message at `now`, if any.
 *
 * @param zones the customer's zone first, then other candidates; at least one.
 */
export function arrangementPause(
  account: AccountState,
  message: MessageToCheck,
  policy: JurisdictionPolicy,
  zones: readonly string[],
  now: DateTime,
): Pause | undefined {
  const arrangement = account.arrangement;
  if (!arrangement) return undefined;
  if (arrangement.kind === 'promise-to-pay') {
    const rule = policy.arrangements.promiseToPay;
    if (arrangement.status !== 'made' || !pauses(rule, message)) return undefined;
    const grace = arrangement.graceDays ?? rule.graceDays;
    const until = dayAfter(dayNumberOfDate(arrangement.promisedDate) + grace, zones);
    return now < until ? { reason: 'PROMISE_PENDING', until } : undefined;
  }
  const rule = policy.arrangements.instalmentPlan;
  const active = arrangement.status === 'made' || arrangement.status === 'kept';
  if (!active || !pauses(rule, message)) return undefined;
  const grace = arrangement.graceDays ?? rule.graceDays;
  // The next instalment whose grace has not run out in any zone; none left means the plan is
  // over, and the strategy decides what comes next.
  const today = Math.min(...zones.map((zone) => localDayNumber(now, zone)));
  const next = arrangement.schedule
    .map((instalment) => dayNumberOfDate(instalment.dueDate) + grace)
    .filter((lastDay) => lastDay >= today)
    .sort((a, b) => a - b)[0];
  if (next === undefined) return undefined;
  const until = dayAfter(next, zones);
  return now < until ? { reason: 'PLAN_ACTIVE', until } : undefined;
}
