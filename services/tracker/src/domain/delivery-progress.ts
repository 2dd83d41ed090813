/**
 * Where a message is in its provider's hands, as a rank that only grows: callbacks arrive late,
 * twice and out of order (compliance.md §4.2), so a status is taken only when it ranks above the
 * one already recorded, and the first final status wins.
 */
import type { DeliveryStatus, MessageChannel } from '@kindly/contracts';

/** The statuses the tracker itself reports. */
export type TrackedStatus = Extract<
  DeliveryStatus,
  'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'bounced' | 'complained'
>;

/** The rank of `accepted`, the dispatcher's word that a provider took the message. */
export const ACCEPTED_RANK = 0;
const FINAL_RANK = 3;

/**
 * SMS: queued → sent → delivered | undelivered | failed (all final). E-mail: a soft bounce
 * (`undelivered`, the MTA is still trying or gave up for now) may be followed by a hard one
 * (`bounced`), never the other way; `delivered` from a DSN is final too. A spam complaint (an
 * ARF report) comes after the mail was read, so it ranks above every final status: it is taken
 * once per attempt, whatever the DSNs said.
 */
export function rankOf(channel: MessageChannel, status: TrackedStatus): number {
  switch (status) {
    case 'queued':
      return 1;
    case 'sent':
      return 2;
    case 'undelivered':
      return channel === 'email' ? 2 : FINAL_RANK;
    case 'delivered':
    case 'failed':
    case 'bounced':
      return FINAL_RANK;
    case 'complained':
      return FINAL_RANK + 1;
  }
}

/** Whether a status of rank `next` moves a message on from rank `current`. */
export function movesForward(current: number, next: number): boolean {
  return next > current;
}
