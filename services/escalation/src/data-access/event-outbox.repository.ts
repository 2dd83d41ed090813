import { systemClock, type Clock } from '@kindly/clock';
import type { EventPublisher, CatalogBindings } from '@kindly/kafka';
import { isDuplicateKeyError, type Db } from '@kindly/mongo';
import type { PendingStore } from '@kindly/service';
import type { EventOutbox, OutgoingEvent } from '../domain/ports.js';

export const ESCALATION_OUTBOX = 'escalation-outbox';

/** The topics this service writes. */
export const producedTopics = [
  'outreach.escalated',
  'agent.task',
  'delivery.outcome',
  'account.arrangement',
  'account.status',
] as const;
export type ProducedBindings = CatalogBindings<(typeof producedTopics)[number]>;

interface OutboxDocument {
  _id: string;
  type: string;
  /** The event as first decided: published again as it is, never decided anew. */
  event: OutgoingEvent;
  published: boolean;
  createdAt: Date;
  /** Wall-clock time of the write while unpublished (what recovery looks for); unset after. */
  pendingSince?: Date;
}

/** An event stored and not yet published. */
export interface UnpublishedEvent {
  readonly event: OutgoingEvent;
  readonly since: Date;
}

/**
 * Publish-once over `escalation-outbox` (`_id` = event id): the first decision of an event is
 * stored, then published, then marked. A second decision of the same id finds it: published
 * (nothing to do) or not (a crash came between; the stored event goes out again, same id).
 */
export function createEventOutbox(
  db: Db,
  publisher: EventPublisher<ProducedBindings>,
  wallClock: Clock = systemClock,
): EventOutbox & { readonly recovery: PendingStore<UnpublishedEvent> } {
  const outbox = db.collection<OutboxDocument>(ESCALATION_OUTBOX);
  const send = async (event: OutgoingEvent) => {
    switch (event.type) {
      case 'outreach.escalated':
        return publisher.publish('outreach.escalated', [event]);
      case 'agent.task':
        return publisher.publish('agent.task', [event]);
      case 'delivery.outcome':
        return publisher.publish('delivery.outcome', [event]);
      case 'account.arrangement':
        return publisher.publish('account.arrangement', [event]);
      case 'account.status':
        return publisher.publish('account.status', [event]);
    }
  };
  const publish = async (event: OutgoingEvent) => {
    await send(event);
    await outbox.updateOne(
      { _id: event.eventId },
      { $set: { published: true }, $unset: { pendingSince: '' } },
    );
  };
  return {
    async publishOnce(events) {
      let published = 0;
      for (const candidate of events) {
        let event = candidate;
        try {
          await outbox.insertOne({
            _id: candidate.eventId,
            type: candidate.type,
            event: candidate,
            published: false,
            createdAt: wallClock.now().toJSDate(),
            pendingSince: wallClock.now().toJSDate(),
          });
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          const stored = await outbox.findOne({ _id: candidate.eventId });
          if (stored === null || stored.published) continue;
          event = stored.event;
        }
        await publish(event);
        published += 1;
      }
      return published;
    },
    /** Events a crash or an outage left stored and unpublished: published as first decided. */
    recovery: {
      async stale(before, limit) {
        const documents = await outbox
          .find({ pendingSince: { $lt: before } })
          .sort({ pendingSince: 1 })
          .limit(limit)
          .toArray();
        return documents.flatMap((d) =>
          !d.published && d.pendingSince ? [{ event: d.event, since: d.pendingSince }] : [],
        );
      },
      async oldest() {
        const [oldest] = await outbox
          .find({ pendingSince: { $exists: true } }, { projection: { pendingSince: 1 } })
          .sort({ pendingSince: 1 })
          .limit(1)
          .toArray();
        return oldest?.pendingSince;
      },
      recover: ({ event }) => publish(event),
    },
  };
}
