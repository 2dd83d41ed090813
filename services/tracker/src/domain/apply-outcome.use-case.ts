import { rankOf } from './delivery-progress.js';
import type { DeliveryRecord, DeliverySeed, DeliveryStore, TrackerEvents } from './ports.js';
import { outcomeEvent, outcomeEventId, type ReportedOutcome } from './tracker-events.js';

export interface ApplyOutcomeDeps {
  readonly deliveries: DeliveryStore;
  readonly events: TrackerEvents;
}

/**
 * `published`: the status moved forward and its outcome is out. `republished`: the same report
 * again, whose outcome may not have gone out the first time (a crash between record and publish).
 * `stale`: a report of a status already passed or repeated; nothing changes.
 */
export type ApplyVerdict = 'published' | 'republished' | 'stale';

/**
 * Records a reported status if it moves the attempt forward, then publishes its outcome. The
 * status is recorded first, with the event's id as pending, so that two reports racing cannot
 * both publish, and the event is published after; the pending id is cleared once it is out.
 */
export async function applyOutcome(
  deps: ApplyOutcomeDeps,
  seed: DeliverySeed,
  outcome: ReportedOutcome,
  at: string,
): Promise<{ readonly verdict: ApplyVerdict; readonly record: DeliveryRecord }> {
  const eventId = outcomeEventId(seed.messageId, seed.attempt, outcome.status);
  const result = await deps.deliveries.advance(seed, {
    status: outcome.status,
    rank: rankOf(seed.channel, outcome.status),
    eventId,
    at,
    ...(seed.providerMessageId ? { providerMessageId: seed.providerMessageId } : {}),
  });
  const { record } = result;
  const unpublished = record.status === outcome.status && record.pendingEventId === eventId;
  if (!result.advanced && !unpublished) return { verdict: 'stale', record };
  // Published again, the event is the same as the first time: the same id, the same instant.
  await deps.events.publishOutcomes([outcomeEvent(record, outcome, record.statusAt ?? at)]);
  await deps.deliveries.markPublished(record.messageId, record.attempt, eventId);
  return { verdict: result.advanced ? 'published' : 'republished', record };
}
