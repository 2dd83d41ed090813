import type { Clock } from '@kindly/clock';
import { accountStateHandlers, bankTopics, type AccountStateStore } from '@kindly/account-state';
import { ack, skip, type CatalogBindings, type HandlersFor } from '@kindly/kafka';
import { acceptPlan, type AcceptPlanDeps } from '../domain/accept-plan.use-case.js';
import { recordCancellation } from '../domain/record-cancellation.use-case.js';

/** The bank's facts keep the scheduler's own copy of each account (its last look reads it). */
export { bankTopics };

export const schedulerTopics = ['outreach.planned', 'outreach.cancelled', ...bankTopics] as const;
export type SchedulerBindings = CatalogBindings<(typeof schedulerTopics)[number]>;

export interface SchedulerHandlerDeps extends AcceptPlanDeps {
  readonly accounts: AccountStateStore;
  readonly clock: Clock;
}

/**
 * Plans go into the waiting room, cancellations from the planner stop what waits, and the bank's
 * events keep the account's state fresh for the last look. Each is idempotent: a plan is kept
 * once, a cancellation is final, and the state fold skips what it has seen.
 */
export function schedulerHandlers(deps: SchedulerHandlerDeps): HandlersFor<SchedulerBindings> {
  return {
    ...accountStateHandlers(deps.accounts),
    'outreach.planned': async (event) =>
      (await acceptPlan(deps, event, deps.clock.now())) === 'accepted' ? ack() : skip('DUPLICATE'),
    'outreach.cancelled': async (event) =>
      (await recordCancellation(deps.store, event)) === 'final' ? skip('ALREADY_FINAL') : ack(),
  };
}
