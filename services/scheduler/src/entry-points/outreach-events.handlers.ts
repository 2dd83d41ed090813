import type { Clock } from '@kindly/clock';
import { accountStateHandlers, bankTopics, type AccountStateStore } from '@kindly/account-state';
import { ack, skip, type CatalogBindings, type HandlersFor } from '@kindly/kafka';
import { acceptPlan, type AcceptPlanDeps } from '../domain/accept-plan.use-case.js';
import { recordCancellation } from '../domain/record-cancellation.use-case.js';

/** The bank's facts keep the scheduler's own copy of each account (its last look reads it). */
export { bankTopics };

/** The scheduler's own topics, besides the bank's that keep its copy of the accounts. */
export const schedulerOwnTopics = ['outreach.planned', 'outreach.cancelled'] as const;
export const schedulerTopics = [...schedulerOwnTopics, ...bankTopics] as const;
export type SchedulerBindings = CatalogBindings<(typeof schedulerTopics)[number]>;

export interface SchedulerHandlerDeps extends AcceptPlanDeps {
  readonly accounts: AccountStateStore;
  readonly clock: Clock;
  /**
   * A plan taken in that is due already: the release loop runs a round now rather than at the
   * end of its pause (up to a second of every immediate message's latency otherwise).
   */
  readonly onDue?: () => void;
}

/**
 * Plans go into the waiting room, cancellations from the planner stop what waits, and the bank's
 * events keep the account's state fresh for the last look. Each is idempotent: a plan is kept
 * once, a cancellation is final, and the state fold skips what it has seen.
 */
export function schedulerHandlers(deps: SchedulerHandlerDeps): HandlersFor<SchedulerBindings> {
  return {
    ...accountStateHandlers(deps.accounts),
    'outreach.planned': async (event) => {
      const now = deps.clock.now();
      if ((await acceptPlan(deps, event, now)) !== 'accepted') return skip('DUPLICATE');
      const plan = event.payload;
      // A fallback (`passedOver`) is held after it is taken in: not due yet, whatever it says.
      if (
        deps.onDue &&
        plan.passedOver === undefined &&
        Date.parse(plan.earliestSendAt) <= now.toMillis()
      ) {
        // Only once this copy of the account holds the plan's cycle: the plan and the bank's
        // events come on different topics, and a round that ran before them would find the
        // account missing and put the message off for a minute instead of a poll interval. The
        // plan is kept already: a failed look here only leaves it to the next round.
        const state = await deps.accounts
          .load(event.tenantId, plan.accountId)
          .then(({ state }) => state)
          .catch(() => undefined);
        if (state?.contact && state.overdue?.value.cycleId === plan.cycleId) deps.onDue();
      }
      return ack();
    },
    'outreach.cancelled': async (event) =>
      (await recordCancellation(deps.store, event)) === 'final' ? skip('ALREADY_FINAL') : ack(),
  };
}
