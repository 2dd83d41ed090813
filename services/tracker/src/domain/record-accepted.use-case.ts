import type { EventOf } from '@kindly/contracts';
import type { DeliveryStore } from './ports.js';

/**
 * The dispatcher's `accepted` outcome: a provider took a message. The tracker notes who it is
 * for (tenant, account), on which channel and through which provider, and its chain of events,
 * so that a later callback, bounce or unsubscribe can be tied to the account. Other outcomes
 * (the tracker's own among them) add nothing here.
 */
export async function recordAccepted(
  deliveries: DeliveryStore,
  event: EventOf<'delivery.outcome'>,
): Promise<'recorded' | 'not-accepted'> {
  const outcome = event.payload;
  // Calls reported from the agent desk have no provider callbacks to tie to them.
  if (outcome.status !== 'accepted' || outcome.channel === 'agent-call') return 'not-accepted';
  await deliveries.recordAccepted({
    tenantId: event.tenantId,
    accountId: outcome.accountId,
    messageId: outcome.messageId,
    attempt: outcome.attempt,
    channel: outcome.channel,
    provider: outcome.provider,
    ...(outcome.providerMessageId ? { providerMessageId: outcome.providerMessageId } : {}),
    correlationId: event.correlationId,
    causationId: event.eventId,
  });
  return 'recorded';
}
