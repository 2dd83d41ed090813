/**
 * Every Kafka topic Kindly reads or writes, in one place. Topic names carry the major version of
 * their contract (`<entity>.<fact>.v<major>`); all are keyed by `accountId`, so that everything
 * about one account stays in order within a topic. Each topic has a dead-letter topic beside it.
 */

/** Who writes a topic: the bank's systems (inputs, validated at the edge) or Kindly itself. */
export type TopicOrigin = 'bank' | 'pipeline';

export interface TopicDefinition {
  /** Full topic name, version included. */
  readonly name: string;
  readonly origin: TopicOrigin;
  /** Upper bound on the replicas of a consuming service that can work at once. */
  readonly partitions: number;
  /** How long records stay readable, for replays after an incident. */
  readonly retentionDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Dead letters wait for a person to look at them: keep them longer than the events themselves. */
export const DEAD_LETTER_RETENTION_DAYS = 30;
const DEFAULT_PARTITIONS = 6;
const DEFAULT_RETENTION_DAYS = 14;

function topic(name: string, origin: TopicOrigin): TopicDefinition {
  return {
    name,
    origin,
    partitions: DEFAULT_PARTITIONS,
    retentionDays: DEFAULT_RETENTION_DAYS,
  };
}

export const topicCatalog = {
  'account.overdue': topic('account.overdue.v1', 'bank'),
  'account.payment': topic('account.payment.v1', 'bank'),
  'account.arrangement': topic('account.arrangement.v1', 'bank'),
  'account.status': topic('account.status.v1', 'bank'),
  'contact.updated': topic('contact.updated.v1', 'bank'),
  'contact.consent': topic('contact.consent.v1', 'bank'),
  'outreach.planned': topic('outreach.planned.v1', 'pipeline'),
  'outreach.suppressed': topic('outreach.suppressed.v1', 'pipeline'),
  'outreach.released': topic('outreach.released.v1', 'pipeline'),
  'outreach.cancelled': topic('outreach.cancelled.v1', 'pipeline'),
  'outreach.rendered': topic('outreach.rendered.v1', 'pipeline'),
  'delivery.outcome': topic('delivery.outcome.v1', 'pipeline'),
  'outreach.escalated': topic('outreach.escalated.v1', 'pipeline'),
  'agent.task': topic('agent.task.v1', 'pipeline'),
} as const satisfies Record<string, TopicDefinition>;

export type EventType = keyof typeof topicCatalog;
export const eventTypes = Object.keys(topicCatalog) as readonly EventType[];

/** The dead-letter topic of a topic. */
export function deadLetterTopicOf(topicName: string): string {
  return `${topicName}.dlq`;
}

/** What a broker needs to create a topic: the physical shape, no contract. */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly retentionMs: number;
}

export interface TopicSpecOptions {
  /**
   * Prefixed to every name, so that tests (one prefix per test file) and tenants sharing one
   * cluster never see each other's records. Empty in production.
   */
  readonly prefix?: string;
  /** Only these event types; all by default. */
  readonly only?: readonly EventType[];
  /** Overrides the catalog's partition count (tests use fewer partitions to start faster). */
  readonly partitions?: number;
}

/** The topics and dead-letter topics to create, derived from the catalog. */
export function topicSpecs(options: TopicSpecOptions = {}): TopicSpec[] {
  const prefix = options.prefix ?? '';
  const types = options.only ?? eventTypes;
  return types.flatMap((type) => {
    const definition = topicCatalog[type];
    const name = prefix + definition.name;
    return [
      {
        name,
        partitions: options.partitions ?? definition.partitions,
        retentionMs: definition.retentionDays * DAY_MS,
      },
      {
        name: deadLetterTopicOf(name),
        // One partition: dead letters are few, and one ordered list is easier to work through.
        partitions: 1,
        retentionMs: DEAD_LETTER_RETENTION_DAYS * DAY_MS,
      },
    ];
  });
}
