export {
  topicCatalog,
  eventTypes,
  topicSpecs,
  deadLetterTopicOf,
  DEAD_LETTER_RETENTION_DAYS,
} from './topic-catalog.js';
export type {
  EventType,
  TopicDefinition,
  TopicOrigin,
  TopicSpec,
  TopicSpecOptions,
} from './topic-catalog.js';
