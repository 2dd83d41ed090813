export { createKafka, parseBrokers } from './kafka-client.js';
export type { KafkaSettings } from './kafka-client.js';
export { ensureTopics, deleteTopics } from './topic-provisioning.js';
export type { TopicProvisioningReport } from './topic-provisioning.js';
export { describeBroker } from './broker-info.js';
export type { BrokerInfo } from './broker-info.js';
export type { Kafka, Admin, Producer, Consumer, EachMessagePayload } from 'kafkajs';
