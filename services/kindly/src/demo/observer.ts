import { type EventOf, type EventType } from '@kindly/contracts';
import type { Kafka } from '@kindly/kafka';

/** The events the demo watches, to know when the pipeline is quiet and to sum up the run. */
export const observedTypes = [
  'account.overdue',
  'account.payment',
  'account.arrangement',
  'account.status',
  'contact.updated',
  'contact.consent',
  'outreach.planned',
  'outreach.suppressed',
  'outreach.released',
  'outreach.cancelled',
  'outreach.rendered',
  'delivery.outcome',
  'outreach.escalated',
  'agent.task',
] as const satisfies readonly EventType[];
export type ObservedType = (typeof observedTypes)[number];

export interface Observed {
  /** Each event once: a retried publish can store a second copy, which the summary must not count. */
  readonly byType: { [K in ObservedType]: EventOf<K>[] };
  /** Records read by type, copies included: every consuming service handles each one. */
  readonly records: Map<ObservedType, number>;
  /** Wall-clock time of the last event seen. */
  lastEventAt: number;
  /** The next offset to read, by `topic:partition`: how far the observer has read. */
  readonly positions: Map<string, number>;
}

/**
 * Reads every observed topic from the beginning into memory. Rendered content (PDFs) is dropped
 * on arrival: the summary needs which message, not what it said.
 */
export async function startObserver(kafka: Kafka, topicOf: (type: ObservedType) => string) {
  const observed: Observed = {
    byType: Object.fromEntries(observedTypes.map((t) => [t, []])) as unknown as Observed['byType'],
    records: new Map(),
    lastEventAt: Date.now(),
    positions: new Map(),
  };
  const typeByTopic = new Map(observedTypes.map((t) => [topicOf(t), t]));
  const seen = new Set<string>();
  const consumer = kafka.consumer({ groupId: `${topicOf('outreach.planned')}.demo-observer` });
  const joined = new Promise<void>((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () => resolve());
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [...typeByTopic.keys()], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ topic, partition, message }) => {
      const type = typeByTopic.get(topic);
      if (type && message.value) {
        observed.records.set(type, (observed.records.get(type) ?? 0) + 1);
        keepOnce(
          observed,
          type,
          JSON.parse(message.value.toString()) as EventOf<ObservedType>,
          seen,
        );
      }
      observed.lastEventAt = Date.now();
      observed.positions.set(`${topic}:${partition}`, Number(message.offset) + 1);
      return Promise.resolve();
    },
  });
  return { observed, joined, topics: [...typeByTopic.keys()], stop: () => consumer.disconnect() };
}

/** Adds `event` to what was observed unless a copy of it (the same event id) is there already. */
export function keepOnce(
  observed: Pick<Observed, 'byType'>,
  type: ObservedType,
  event: EventOf<ObservedType>,
  seen: Set<string>,
): void {
  if (seen.has(event.eventId)) return;
  seen.add(event.eventId);
  if (event.type === 'outreach.rendered') {
    (event.payload as { content: unknown }).content = null;
  }
  (observed.byType[type] as EventOf<ObservedType>[]).push(event);
}
