import type { DeliveryStatus, OutreachChannel } from '@kindly/contracts';

/**
 * What one reported status says about whether a message reached the customer, by channel:
 *
 * - `delivered`: it did. SMS: the carrier's `delivered`. Letter: `accepted` into a print batch or
 *   anything later (the post does not report). E-mail: an open or a complaint (someone read it).
 *   Agent call: a conversation (reported as `delivered` by the desk).
 * - `clicked`: the message's payment link was followed (SMS, e-mail, or a letter's reference typed
 *   into the click route). Weaker than `delivered`: whoever holds the message's short reference
 *   (printed, forwarded, read aloud) can produce it, so it counts as delivery only while no hard
 *   failure is recorded (`deliveredAtOf`).
 * - `accepted`: handed over with no proof of arrival; counts as delivered only for e-mail, and
 *   only when no bounce has come by the end of the step's `fallbackAfter`.
 * - `failed`: it did not and will not: `undelivered` or `bounced` on a message channel, or
 *   `failed` with `retryable: false`. A retryable failure is not final (the dispatcher tries
 *   again), and an unanswered call (`undelivered` on `agent-call`) is one attempt of several.
 * - `progress`: nothing decisive (queued, sent, a retryable failure, an unanswered call).
 */
export type Evidence = 'delivered' | 'clicked' | 'accepted' | 'failed' | 'progress';

export function evidenceOf(
  channel: OutreachChannel,
  status: DeliveryStatus,
  retryable: boolean,
): Evidence {
  if (status === 'failed') return retryable ? 'progress' : 'failed';
  if (status === 'clicked') return channel === 'agent-call' ? 'progress' : 'clicked';
  switch (channel) {
    case 'sms':
      if (status === 'delivered') return 'delivered';
      if (status === 'undelivered' || status === 'bounced') return 'failed';
      return 'progress';
    case 'email':
      if (status === 'opened' || status === 'complained') return 'delivered';
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
  /** The first report that proves arrival (`delivered` evidence); clicks are apart. */
  readonly deliveredAt?: string | undefined;
  /** The first click on the message's payment link (`clicked` evidence). */
  readonly clickedAt?: string | undefined;
  readonly acceptedAt?: string | undefined;
  readonly failedAt?: string | undefined;
  /** The status and provider code of the failure, for the escalation's detail. */
  readonly failure?: { readonly status: DeliveryStatus; readonly errorCode?: string } | undefined;
}

/**
 * When the message is known to have reached the customer: the first proof of arrival, or its
 * first click, whichever came first, except that a click proves nothing once a hard failure is
 * recorded (`failedAt`: bounced, undelivered, failed for good). A message that bounced was not
 * read, and its click came from someone holding its reference, not from the message. Whichever
 * order the reports came in, the answer is the same.
 */
export function deliveredAtOf(record: DeliveryRecord): string | undefined {
  const click = record.failedAt === undefined ? record.clickedAt : undefined;
  if (record.deliveredAt === undefined) return click;
  if (click === undefined) return record.deliveredAt;
  return Date.parse(click) < Date.parse(record.deliveredAt) ? click : record.deliveredAt;
}
