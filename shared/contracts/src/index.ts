export {
  topicCatalog,
  eventTypes,
  topicSpecs,
  deadLetterTopicOf,
  retryTopicOf,
  DEAD_LETTER_RETENTION_DAYS,
} from './topic-catalog.js';
export type {
  AnyEvent,
  AnyEventSchema,
  EventOf,
  EventType,
  PayloadOfType,
  SchemaOf,
  TopicDefinition,
  TopicOrigin,
  TopicSpec,
  TopicSpecOptions,
} from './topic-catalog.js';
export { eventSchema, eventSchemaRegistry, schemaVersionOf } from './envelope.js';
export type { AccountKeyed, EventEnvelope, PayloadOf } from './envelope.js';
export { createEvent } from './create-event.js';
export type { EventFields } from './create-event.js';
export {
  deterministicId,
  MESSAGE_REFERENCE_PATTERN,
  messageReferenceOf,
  SIGNED_PAYMENT_REFERENCE_PATTERN,
  TRACKED_LINK_BASE_PATTERN,
  newEventId,
  uuidV5,
  KINDLY_ID_NAMESPACE,
} from './ids.js';
export { summarizeIssues } from './issues.js';
export type { IssueSummary } from './issues.js';
export { isKnownTimeZone } from './time-zone.js';
export * from './primitives.js';
export * from './events/index.js';
export {
  channelsBarredBy,
  TWILIO_UNREACHABLE_CODES,
  twilioUnreachableReason,
} from './twilio-unreachable-codes.js';
export { sampleEvents } from './testing-fixtures/sample-events.js';
export { issuePathsOf } from './testing-fixtures/issue-paths.js';
