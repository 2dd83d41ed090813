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
  readonly byType: { [K in ObservedType]: EventOf<K>[] };
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
    lastEventAt: Date.now(),
    positions: new Map(),
  };
  const typeByTopic = new Map(observedTypes.map((t) => [topicOf(t), t]));
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
        const event = JSON.parse(message.value.toString()) as EventOf<ObservedType>;
        if (event.type === 'outreach.rendered') {
          (event.payload as { content: unknown }).content = null;
        }
        (observed.byType[type] as EventOf<ObservedType>[]).push(event);
      }
      observed.lastEventAt = Date.now();
      observed.positions.set(`${topic}:${partition}`, Number(message.offset) + 1);
      return Promise.resolve();
    },
  });
  return { observed, joined, topics: [...typeByTopic.keys()], stop: () => consumer.disconnect() };
}
