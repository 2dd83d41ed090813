export { createLogger } from './create-logger.js';
export type { CreateLoggerOptions, LogDestination, LogLevel } from './create-logger.js';
export { messageLogger } from './message-logger.js';
export type { MessageContext } from './message-logger.js';
export { kafkaLogCreator, KafkaLogLevel } from './kafka-log-creator.js';
export type {
  BrokerReachability,
  KafkaLogCreator,
  KafkaLogCreatorOptions,
  KafkaLogEntry,
  KafkaLogRecord,
} from './kafka-log-creator.js';
export { createOutageLog } from './outage-log.js';
export type {
  OutageDetails,
  OutageLog,
  OutageLogger,
  OutageLogOptions,
  OutageMessages,
  OutageState,
} from './outage-log.js';
export { maskText, REDACTED } from './mask-text.js';
export { PERSONAL_KEYS } from './personal-keys.js';
export { serializeError } from './serialize-error.js';
export type { SerializedError, SerializeErrorOptions } from './serialize-error.js';
export type { Logger } from 'pino';
