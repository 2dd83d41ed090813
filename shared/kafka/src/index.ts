export { createKafka, parseBrokers } from './kafka-client.js';
export type { KafkaSettings } from './kafka-client.js';
export { ensureTopics, deleteTopics } from './topic-provisioning.js';
export type { TopicProvisioningReport } from './topic-provisioning.js';
export { describeBroker } from './broker-info.js';
export type { BrokerInfo } from './broker-info.js';
export { ack, skip } from './handler.js';
export type {
  Handler,
  HandlerOutcome,
  HandlersFor,
  MessageContext,
  TopicBinding,
} from './handler.js';
export { startConsumer } from './consumer.js';
export type { ConsumerOptions, RunningConsumer } from './consumer.js';
export { createProducer, createEventPublisher } from './producer.js';
export type { EventPublisher, PublishableEvent } from './producer.js';
export { decodeEvent } from './decode.js';
export type { DecodeResult, DecodeFailureReason } from './decode.js';
export { checkRecordKey } from './key-check.js';
export type { KeyCheckFailure, KeyCheckFailureReason } from './key-check.js';
export { defaultRetryPolicy, afterFailure } from './retry-policy.js';
export type { RetryPolicy, AfterFailure } from './retry-policy.js';
export { bindTopics } from './bind-topics.js';
export type { CatalogBindings } from './bind-topics.js';
export { Header, headerText, headerNumber } from './headers.js';
export { silentLogger, noMetrics } from './runtime-ports.js';
export type { RuntimeLogger, ConsumerMetrics } from './runtime-ports.js';
export type { Kafka, Admin, Producer, Consumer, EachMessagePayload, KafkaMessage } from 'kafkajs';
