import { accountStateHandlers, bankTopics, type AccountStateStore } from '@kindly/account-state';
import { ack, skip, type CatalogBindings, type HandlersFor } from '@kindly/kafka';
import { dispatchRendered, type DispatchDeps } from '../domain/dispatch-rendered.use-case.js';

/** The bank's facts keep the dispatcher's own copy of each account (its last look reads it). */
export { bankTopics };

/** The dispatcher's own topics, besides the bank's that keep its copy of the accounts. */
export const dispatcherOwnTopics = ['outreach.rendered', 'outreach.cancelled'] as const;
export const dispatcherTopics = [...dispatcherOwnTopics, ...bankTopics] as const;
export type DispatcherBindings = CatalogBindings<(typeof dispatcherTopics)[number]>;

export interface DispatcherHandlerDeps extends DispatchDeps {
  readonly accounts: DispatchDeps['accounts'] & AccountStateStore;
  /** Counts what became of each rendered message (no personal data). */
  readonly observe?: (channel: string, outcome: string) => void;
}

/**
 * Rendered messages are sent (once), cancellations stop what has not been claimed yet, and the
 * bank's events keep the account's state fresh for the last look. Failures that another try may
 * fix are thrown as retryable AppErrors: the Kafka runtime retries them in place, then through
 * the dispatcher's retry topic with growing, jittered waits.
 */
export function dispatcherHandlers(deps: DispatcherHandlerDeps): HandlersFor<DispatcherBindings> {
  return {
    ...accountStateHandlers(deps.accounts),
    'outreach.rendered': async (event) => {
      const outcome = await dispatchRendered(deps, event);
      deps.observe?.(event.payload.channel, outcome);
      return outcome === 'duplicate' || outcome === 'cancelled' || outcome === 'in-flight'
        ? skip(outcome.toUpperCase().replace('-', '_'))
        : ack();
    },
    'outreach.cancelled': async (event) => {
      const { payload } = event;
      if (payload.channel === 'agent-call') return skip('NOT_A_MESSAGE');
      const result = await deps.store.cancel(payload.messageId, {
        tenantId: event.tenantId,
        accountId: payload.accountId,
        channel: payload.channel,
      });
      return result === 'cancelled' ? ack() : skip('TOO_LATE');
    },
  };
}
