import type { Clock } from '@kindly/clock';
import { recordBankEvent, type AccountStateStore } from '@kindly/account-state';
import { ack, skip, type CatalogBindings, type Handler, type HandlersFor } from '@kindly/kafka';
import type { BankInput } from '@kindly/rules';
import { acceptPlan, type AcceptPlanDeps } from '../domain/accept-plan.use-case.js';
import { recordCancellation } from '../domain/record-cancellation.use-case.js';

/** The bank's facts, for the scheduler's own copy of each account (its last look reads it). */
export const bankTopics = [
  'account.overdue',
  'account.payment',
  'account.arrangement',
  'account.status',
  'contact.updated',
  'contact.consent',
] as const;

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
  const bank: Handler<BankInput> = async (event) => {
    const recorded = await recordBankEvent(deps.accounts, event);
    return recorded.recorded ? ack() : skip(recorded.reason);
  };
  return {
    'outreach.planned': async (event) =>
      (await acceptPlan(deps, event, deps.clock.now())) === 'accepted' ? ack() : skip('DUPLICATE'),
    'outreach.cancelled': async (event) =>
      (await recordCancellation(deps.store, event)) === 'final' ? skip('ALREADY_FINAL') : ack(),
    'account.overdue': bank,
    'account.payment': bank,
    'account.arrangement': bank,
    'account.status': bank,
    'contact.updated': bank,
    'contact.consent': bank,
  };
}
