import type { EventOf } from '@kindly/contracts';
import type {
  DeliveryRecord,
  DeliveryStore,
  PaymentClicks,
  TenantScope,
  TrackerEvents,
} from './ports.js';
import { clickEvent, clickEventId } from './tracker-events.js';
import { parseLinkReference, paymentPageFor } from './payment-link.js';

export interface FollowLinkDeps {
  readonly deliveries: DeliveryStore;
  readonly clicks: PaymentClicks;
  readonly events: TrackerEvents;
}

/** A click route as the use case needs it: its payment page and whose messages it counts. */
export interface ClickRoute {
  /** The payment page the route stands for (the sender profile's `payment.linkBase`). */
  readonly page: string;
  /** The tenants whose profiles print their links under the route. */
  readonly tenants: TenantScope;
}

/**
 * `clicked`: the first click on a message's link, published. `republished`: a click on a link
 * whose first click's event may not have gone out (a crash or a broker away between record and
 * publish). `again`: the message was clicked before. `unknown`: no message the tracker knows was
 * sent for a tenant of the route has this reference, or two have (short references are 40
 * bits: rare, never guessed at).
 * `malformed`: no reference's shape. Only the first two publish.
 */
export type ClickVerdict = 'clicked' | 'republished' | 'again' | 'unknown' | 'malformed';

export type FollowedLink =
  /** No reference's shape: nothing to carry on, nothing recorded (the route answers 404). */
  | { readonly verdict: 'malformed' }
  | {
      readonly verdict: Exclude<ClickVerdict, 'malformed'>;
      /** Where to send the customer (see `paymentPageFor`), whatever the verdict. */
      readonly location: string;
      /** The message clicked, for the log (an id, no personal data). */
      readonly messageId?: string;
    };

/**
 * A customer followed a payment link through the tracker: the message its reference names, when
 * the dispatcher reported it sent (the tracker's record of the `accepted` outcome) for a tenant
 * of the route, gets one `delivery.outcome` `clicked`, however often its link is followed. The
 * click is recorded first, with its event as pending, then published, then marked published: a
 * failed publish throws (the route has sent the customer on already: paying matters more than
 * the count), and the recovery sweep (`pendingClickRecovery`) or a click at least
 * `REPUBLISH_AFTER_MS` later publishes the same event. The location is the same whatever the
 * verdict.
 */
export async function followPaymentLink(
  deps: FollowLinkDeps,
  route: ClickRoute,
  text: string,
  at: string,
): Promise<FollowedLink> {
  const link = parseLinkReference(text);
  if (link === undefined) return { verdict: 'malformed' };
  const location = paymentPageFor(route.page, link);
  const sent = await deps.deliveries.sentWithReference(link.shortReference, route.tenants);
  const messages = new Set(sent.map((record) => record.messageId));
  const latest = latestAttempt(sent);
  if (messages.size !== 1 || latest === undefined) return { verdict: 'unknown', location };
  const eventId = clickEventId(latest.messageId);
  const claim = await deps.clicks.claim(clickEvent(latest, at));
  if (!claim.first && !(claim.pending && stalled(claim.at, at))) {
    return { verdict: 'again', location, messageId: latest.messageId };
  }
  // Published again, the event is the same as the first time: the same id, the same instant.
  await deps.events.publishOutcomes([clickEvent(latest, claim.at)]);
  await deps.clicks.markPublished(latest.messageId, eventId);
  return {
    verdict: claim.first ? 'clicked' : 'republished',
    location,
    messageId: latest.messageId,
  };
}

/**
 * How long a first click's publish may take before another click publishes its event again: a
 * double click, or a mail client's prefetch beside the customer's click, arrives while the first
 * publish is under way, and would put the same event on the topic twice.
 */
export const REPUBLISH_AFTER_MS = 30_000;

function stalled(firstAt: string, at: string): boolean {
  return Date.parse(at) - Date.parse(firstAt) >= REPUBLISH_AFTER_MS;
}

/** The message's latest attempt: the click answers the message as it was last sent. */
function latestAttempt(records: readonly DeliveryRecord[]): DeliveryRecord | undefined {
  return records.reduce<DeliveryRecord | undefined>(
    (latest, record) => (latest === undefined || record.attempt > latest.attempt ? record : latest),
    undefined,
  );
}

/**
 * The clicks a crash (between recording and publishing) or a failed publish left pending, for
 * the service's recovery sweep (@kindly/service `startPendingRecovery`): each published again as
 * first recorded (same id, same instant), then marked published. Without it such a click would
 * reach the topic only if the link were followed again.
 */
export function pendingClickRecovery(deps: Pick<FollowLinkDeps, 'clicks' | 'events'>) {
  return {
    stale: (before: Date, limit: number) => deps.clicks.pendingBefore(before, limit),
    oldest: () => deps.clicks.oldestPending(),
    async recover(event: EventOf<'delivery.outcome'>) {
      await deps.events.publishOutcomes([event]);
      await deps.clicks.markPublished(event.payload.messageId, event.eventId);
    },
  };
}
