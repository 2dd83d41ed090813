/**
 * Every Kafka topic Kindly reads or writes, in one place. Topic names carry the major version of
 * their contract (`<entity>.<fact>.v<major>`); all are keyed by `accountId`, so that everything
 * about one account stays in order within a topic. Each topic has a dead-letter topic beside it,
 * and one retry topic per consuming service.
 *
 * Versions, and the order of a deploy: a minor version only adds optional fields, but payloads
 * are strict objects, so a consumer built before a minor rejects an event that carries one of its
 * new fields (e.g. delivery.outcome 1.2's `numberCheck`, outreach.rendered 1.3's `from`): the
 * event goes to the dead-letter topic. A consumer accepts every version of its major up to the
 * newest minor it was built with, and no later one. So for a new minor, consumers deploy before
 * producers: every service that reads the topic runs the new code before any producer writes
 * the new fields. A new major is a new topic.
 */
import type { z } from 'zod';
import { eventSchemaRegistry, type AccountKeyed, type EventEnvelope } from './envelope.js';
import {
  AccountArrangementV1,
  AccountOverdueV1,
  AccountPaymentV1,
  AccountStatusV1,
  AgentTaskV1,
  CampaignOfferV1,
  ContactConsentV1,
  ContactUnreachableV1,
  ContactUpdatedV1,
  DeliveryOutcomeV1,
  OperatorActionV1,
  OutreachCancelledV1,
  OutreachEscalatedV1,
  OutreachPlannedV1,
  OutreachReleasedV1,
  OutreachRenderedV1,
  OutreachSuppressedV1,
} from './events/index.js';

/**
 * Who writes a topic: the bank's systems (inputs, validated at the edge), Kindly's pipeline, or
 * the people working in Kindly through the operator API.
 */
export type TopicOrigin = 'bank' | 'pipeline' | 'operator';

/** The schema of one event type, as `eventSchema()` builds it. */
export type AnyEventSchema = z.ZodType<EventEnvelope<string, AccountKeyed>>;

export interface TopicDefinition<Schema extends AnyEventSchema = AnyEventSchema> {
  /** Full topic name, version included. */
  readonly name: string;
  readonly origin: TopicOrigin;
  /** The contract's major version; the topic's name ends with it. */
  readonly major: number;
  /**
   * The version producers of this code write. Consumers of this code accept any with the same
   * major up to this minor (strict objects reject unknown fields): deploy them first.
   */
  readonly schemaVersion: string;
  /** Validates an event at the edge, and gives its type. */
  readonly schema: Schema;
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

/**
 * A catalog entry. The name comes from the schema's own type and major, so that topic and
 * contract cannot disagree; `minorPatch` is the rest of the version producers write.
 */
function topic<Schema extends AnyEventSchema>(
  schema: Schema,
  origin: TopicOrigin,
  minorPatch = '0.0',
): TopicDefinition<Schema> {
  const info = eventSchemaRegistry.get(schema);
  if (info === undefined) throw new Error('the catalog takes only schemas made by eventSchema()');
  return {
    name: `${info.type}.v${info.major}`,
    origin,
    major: info.major,
    schemaVersion: `${info.major}.${minorPatch}`,
    schema,
    partitions: DEFAULT_PARTITIONS,
    retentionDays: DEFAULT_RETENTION_DAYS,
  };
}

/** Keyed by event type (the envelope's `type`): the catalog key, the type and the topic agree. */
export const topicCatalog = {
  'account.overdue': topic(AccountOverdueV1, 'bank'),
  // 1.1: the payment reference a campaign's payment link carried, when the bank has it.
  'account.payment': topic(AccountPaymentV1, 'bank', '1.0'),
  'account.arrangement': topic(AccountArrangementV1, 'bank'),
  'account.status': topic(AccountStatusV1, 'bank'),
  'contact.updated': topic(ContactUpdatedV1, 'bank'),
  'contact.consent': topic(ContactConsentV1, 'bank'),
  // From the tracker and the dispatcher (a provider's answer), and from the bank: an address that
  // cannot be reached. An input as well, so its JSON Schema is exported for the bank.
  'contact.unreachable': topic(ContactUnreachableV1, 'bank'),
  // 1.1: policyVersion, policyHash and strategyHash, for the audit. 1.2: a campaign's offers.
  // 1.3: a campaign message's signed payment reference. 1.4: `passedOver`, the stage's earlier
  // channels skipped as ineligible (the scheduler's supersession at release).
  'outreach.planned': topic(OutreachPlannedV1, 'pipeline', '4.0'),
  // 1.1: policyVersion and policyHash, for the audit.
  'outreach.suppressed': topic(OutreachSuppressedV1, 'pipeline', '1.0'),
  // 1.1: the plan's policyVersion, policyHash and strategyHash, carried on to the renderer.
  // 1.2: a campaign's offers. 1.3: a campaign message's signed payment reference.
  'outreach.released': topic(OutreachReleasedV1, 'pipeline', '3.0'),
  // 1.1: CAMPAIGN_STOPPED. 1.2: PREFERRED_CHANNEL (a fallback withdrawn at release for the
  // channel it passed over); consumers deploy before the scheduler that emits it.
  'outreach.cancelled': topic(OutreachCancelledV1, 'pipeline', '2.0'),
  // 1.1: templateHash, and the release's policyVersion, policyHash and strategyHash.
  // 1.2: the campaign's variant. 1.3: an SMS's `from`, the tenant's own sending number.
  'outreach.rendered': topic(OutreachRenderedV1, 'pipeline', '3.0'),
  // 1.1: `to` on accepted sends, for the audit. 1.2: the reassigned-numbers answer (`numberCheck`).
  'delivery.outcome': topic(DeliveryOutcomeV1, 'pipeline', '2.0'),
  // 1.1: the TASK_EXPIRED reason.
  'outreach.escalated': topic(OutreachEscalatedV1, 'pipeline', '1.0'),
  'agent.task': topic(AgentTaskV1, 'pipeline'),
  // 1.1: the signed payment reference.
  'campaign.offer': topic(CampaignOfferV1, 'pipeline', '1.0'),
  'operator.action': topic(OperatorActionV1, 'operator'),
} as const;

type Catalog = typeof topicCatalog;

/** An event type: a key of the catalog and the `type` of its events, e.g. `account.overdue`. */
export type EventType = keyof Catalog;
export const eventTypes = Object.keys(topicCatalog) as readonly EventType[];

/** The zod schema of one event type. */
export type SchemaOf<K extends EventType> = Catalog[K]['schema'];
/** The event of one type, as its schema gives it, e.g. `EventOf<'account.overdue'>`. */
export type EventOf<K extends EventType> = z.infer<SchemaOf<K>>;
/** The payload of one event type. */
export type PayloadOfType<K extends EventType> = EventOf<K>['payload'];
/** Any Kindly event; narrow on `type`. */
export type AnyEvent = { [K in EventType]: EventOf<K> }[EventType];

/** The dead-letter topic of a topic. */
export function deadLetterTopicOf(topicName: string): string {
  return `${topicName}.dlq`;
}

// Kafka's legal topic characters; a group name becomes part of a topic name.
const TOPIC_NAME_PART = /^[A-Za-z0-9._-]+$/;
const MAX_TOPIC_NAME = 249;

/**
 * The retry topic of a topic for one consuming service: `<topic>.retry.<group>`. One per group,
 * so that a record one service has to retry is not redelivered to every other service as well.
 *
 * @throws RangeError when the group has characters Kafka does not allow in a topic name, or the
 * name would be too long for Kafka.
 */
export function retryTopicOf(topicName: string, consumerGroup: string): string {
  if (!TOPIC_NAME_PART.test(consumerGroup)) {
    throw new RangeError(`consumer group "${consumerGroup}" cannot be part of a topic name`);
  }
  const name = `${topicName}.retry.${consumerGroup}`;
  if (name.length > MAX_TOPIC_NAME) throw new RangeError(`topic name too long: ${name}`);
  return name;
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
  /** Only these event types (one named twice is one topic); all by default. */
  readonly only?: readonly EventType[];
  /** Overrides the catalog's partition count (tests use fewer partitions to start faster). */
  readonly partitions?: number;
}

/** The topics and dead-letter topics to create, derived from the catalog. */
export function topicSpecs(options: TopicSpecOptions = {}): TopicSpec[] {
  const prefix = options.prefix ?? '';
  // Callers list a service's topic groups, which may share a topic (the planner's pipeline
  // topics and its own output, outreach.cancelled): a topic is created once.
  const types = [...new Set(options.only ?? eventTypes)];
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
