/**
 * The demo's customers who take the campaign's offer. Of those a campaign message with a payment
 * link reached, one in two (decided by the account id, so every run agrees) pays what is overdue
 * a few hours later: two in three through the message's link, so that the bank's payment page
 * passes the link's signed reference back on the payment (`account.payment` 1.1
 * `paymentReference`) and the payment is attributed by reference; the others by a transfer of
 * their own, attributed by the campaign's window alone. Nobody in the holdout gets a link, so
 * they pay only as the portfolio has them pay anyway: the uplift is what the offer brought.
 *
 * A customer who paid so is paid up: the bank's later news of that debt (daily updates, promises,
 * the payment the portfolio had planned, a status) no longer comes. Pure: the caller reads the
 * inboxes and publishes.
 */
import { deterministicId, type EventOf } from '@kindly/contracts';
import type { ReceivedLink } from './offer-inbox.js';
import { emailOf, type BankEvent, type Portfolio } from './portfolio.js';

const HOUR = 3_600_000;

/** Whether, and how, the customer of `accountId` answers an offer that reaches them. */
export type OfferResponse =
  | { readonly takes: false }
  | { readonly takes: true; readonly throughLink: boolean; readonly afterHours: number };

export function offerResponse(accountId: string): OfferResponse {
  const hash = deterministicId('demo-offer-taken', accountId).replace(/-/g, '');
  const draw = (from: number) => parseInt(hash.slice(from, from + 8), 16);
  if (draw(0) % 2 !== 0) return { takes: false };
  return { takes: true, throughLink: draw(8) % 3 < 2, afterHours: 1 + (draw(16) % 6) };
}

/** The bank's news of a debt: what no longer comes once it is paid through an offer. */
const DEBT_EVENTS: ReadonlySet<BankEvent['type']> = new Set([
  'account.overdue',
  'account.arrangement',
  'account.payment',
  'account.status',
]);

interface PlannedPayment {
  readonly accountId: string;
  readonly at: number;
  readonly reference?: string;
}

export interface OfferTakers {
  /** Whether the bank still sends `event` (not about a debt paid through an offer). */
  keeps(event: BankEvent): boolean;
  /** The bank's events as published: the last overdue position and who has paid, per account. */
  published(events: readonly BankEvent[]): void;
  /** Links that reached customers during the hour `now` (ms): the takers' payments are planned. */
  received(links: readonly ReceivedLink[], now: number): void;
  /** The takers' payments due at `now` (ms), each once; the accounts are paid up from then. */
  due(now: number): EventOf<'account.payment'>[];
  readonly counts: OfferTakerCounts;
}

/** How many paid after taking the offer so far, and how many of them through its link. */
export interface OfferTakerCounts {
  readonly paid: number;
  readonly throughLink: number;
}

export function createOfferTakers(portfolio: Portfolio): OfferTakers {
  const byAddress = new Map<string, string>();
  const disputes = new Set<string>();
  for (const account of portfolio.accounts) {
    byAddress.set(account.phone, account.accountId);
    byAddress.set(emailOf(account.accountId), account.accountId);
    // Someone about to dispute the debt does not take an offer to pay it.
    if (account.behaviour === 'dispute') disputes.add(account.accountId);
  }
  const lastOverdue = new Map<string, EventOf<'account.overdue'>>();
  const paid = new Set<string>();
  const answered = new Set<string>();
  const paidUp = new Set<string>();
  let planned: PlannedPayment[] = [];
  const counts = { paid: 0, throughLink: 0 };
  return {
    counts,
    keeps: (event) => !(DEBT_EVENTS.has(event.type) && paidUp.has(event.payload.accountId)),
    published(events) {
      for (const event of events) {
        if (event.type === 'account.overdue') lastOverdue.set(event.payload.accountId, event);
        if (event.type === 'account.payment') paid.add(event.payload.accountId);
      }
    },
    received(links, now) {
      for (const link of links) {
        const accountId = byAddress.get(link.to);
        if (accountId === undefined || answered.has(accountId) || paid.has(accountId)) continue;
        if (disputes.has(accountId)) continue;
        answered.add(accountId);
        const response = offerResponse(accountId);
        if (!response.takes) continue;
        planned.push({
          accountId,
          at: now + response.afterHours * HOUR,
          ...(response.throughLink ? { reference: link.reference } : {}),
        });
      }
    },
    due(now) {
      const due = planned.filter((p) => p.at <= now);
      planned = planned.filter((p) => p.at > now);
      const payments: EventOf<'account.payment'>[] = [];
      for (const payment of due) {
        const overdue = lastOverdue.get(payment.accountId);
        // Paid meanwhile as the portfolio had it, or nothing overdue to pay: nothing to do.
        if (overdue === undefined || paid.has(payment.accountId)) continue;
        paidUp.add(payment.accountId);
        counts.paid++;
        if (payment.reference !== undefined) counts.throughLink++;
        payments.push(offerPayment(payment, overdue));
      }
      return payments;
    },
  };
}

/** The bank's record of the payment: the overdue amount, in full, curing the account. */
function offerPayment(
  payment: PlannedPayment,
  overdue: EventOf<'account.overdue'>,
): EventOf<'account.payment'> {
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const amount = overdue.payload.overdueAmount;
  return {
    eventId: deterministicId('demo-offer-payment', payment.accountId),
    type: 'account.payment',
    // 1.1: the version that may carry the link's reference.
    schemaVersion: '1.1.0',
    occurredAt: iso(payment.at),
    correlationId: overdue.correlationId,
    causationId: null,
    tenantId: overdue.tenantId,
    payload: {
      accountId: payment.accountId,
      paymentId: `offer-${payment.accountId}`,
      amount,
      paidAt: iso(payment.at - 60_000),
      remainingOverdue: { amountMinor: 0, currency: amount.currency },
      curesAccount: true,
      ...(payment.reference !== undefined ? { paymentReference: payment.reference } : {}),
    },
  };
}
