import type { DeliveryStatus, OutreachChannel } from '@kindly/contracts';

/**
 * What one reported status says about whether a message reached the customer, by channel:
 *
 * - `delivered`: it did. SMS: the carrier's `delivered`. Letter: `accepted` into a print batch or
 *   anything later (the post does not report). E-mail: an open, a click or a complaint (someone
 *   read it). Agent call: a conversation (reported as `delivered` by the desk).
 * - `accepted`: handed over with no proof of arrival; counts as delivered only for e-mail, and
 *   only when no bounce has come by the end of the step's `fallbackAfter`.
 * - `failed`: it did not and will not: `undelivered` or `bounced` on a message channel, or
 *   `failed` with `retryable: false`. A retryable failure is not final (the dispatcher tries
 *   again), and an unanswered call (`undelivered` on `agent-call`) is one attempt of several.
 * - `progress`: nothing decisive (queued, sent, a retryable failure, an unanswered call).
 */
export type Evidence = 'delivered' | 'accepted' | 'failed' | 'progress';

export function evidenceOf(
  channel: OutreachChannel,
  status: DeliveryStatus,
  retryable: boolean,
): Evidence {
  if (status === 'failed') return retryable ? 'progress' : 'failed';
  switch (channel) {
    case 'sms':
      if (status === 'delivered' || status === 'clicked') return 'delivered';
      if (status === 'undelivered' || status === 'bounced') return 'failed';
      return 'progress';
    case 'email':
      if (status === 'opened' || status === 'clicked' || status === 'complained')
        return 'delivered';
      if (status === 'undelivered' || status === 'bounced') return 'failed';
      return 'accepted';
    case 'letter':
      // A returned letter comes back as bounced (or undelivered): the address is wrong.
      if (status === 'undelivered' || status === 'bounced') return 'failed';
      return 'delivered';
    case 'agent-call':
      if (status === 'delivered') return 'delivered';
      return 'progress';
  }
}

/** What is known about one message's delivery so far: the first instant of each kind of news. */
export interface DeliveryRecord {
  readonly deliveredAt?: string | undefined;
  readonly acceptedAt?: string | undefined;
  readonly failedAt?: string | undefined;
  /** The status and provider code of the failure, for the escalation's detail. */
  readonly failure?: { readonly status: DeliveryStatus; readonly errorCode?: string } | undefined;
}
