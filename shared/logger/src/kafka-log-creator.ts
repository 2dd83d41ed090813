import type { Logger } from 'pino';

// Structural copies of kafkajs' logCreator types: this package must not depend on kafkajs (only
// @kindly/kafka does), yet kafkajs must accept the creator as it is.

/** kafkajs' numeric log levels. */
export const KafkaLogLevel = { NOTHING: 0, ERROR: 1, WARN: 2, INFO: 4, DEBUG: 5 } as const;

/** The `log` part of a kafkajs log entry: a message plus extra fields. */
export interface KafkaLogRecord {
  readonly message: string;
  readonly [field: string]: unknown;
}

/** One kafkajs log entry. */
export interface KafkaLogEntry {
  readonly namespace: string;
  readonly level: number;
  readonly label: string;
  readonly log: KafkaLogRecord;
}

/** kafkajs' `logCreator` option. */
export type KafkaLogCreator = (level: number) => (entry: KafkaLogEntry) => void;

// Errors that kafkajs retries by itself during broker start-up, leader elections and rebalances:
// logged at error or warn they page people for nothing.
const TRANSIENT = [
  /coordinator is loading/i,
  /not host this topic-partition/i,
  /group coordinator is not available/i,
  /not the correct coordinator/i,
  /rebalanc/i,
  /leadership election/i,
  /not the leader for that topic-partition/i,
];

// Fields kafkajs adds to every entry, already in pino's line.
const DROPPED = new Set(['message', 'timestamp', 'logger']);

type PinoLevel = 'error' | 'warn' | 'info' | 'debug';

function toPinoLevel(level: number): PinoLevel | undefined {
  switch (level) {
    case KafkaLogLevel.ERROR:
      return 'error';
    case KafkaLogLevel.WARN:
      return 'warn';
    case KafkaLogLevel.INFO:
      return 'info';
    case KafkaLogLevel.DEBUG:
      return 'debug';
    default:
      return undefined;
  }
}

function isTransient(log: KafkaLogRecord): boolean {
  const error = log['error'];
  return TRANSIENT.some(
    (pattern) => pattern.test(log.message) || (typeof error === 'string' && pattern.test(error)),
  );
}

/**
 * Routes kafkajs' own logs into pino, as kafkajs' `logCreator` option. kafkajs filters by its own
 * level first; pino's level then applies. Known transient protocol errors (coordinator loading,
 * rebalancing, leader elections) are downgraded to debug. kafkajs' extra fields go under `kafka`
 * so that its protocol `correlationId` is not taken for an event's.
 */
export function kafkaLogCreator(logger: Logger): KafkaLogCreator {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () => (entry) => {
    let level = toPinoLevel(entry.level);
    if (level === undefined) return;
    if ((level === 'error' || level === 'warn') && isTransient(entry.log)) level = 'debug';
    const kafka = Object.fromEntries(
      Object.entries(entry.log).filter(([field]) => !DROPPED.has(field)),
    );
    kafkaLogger[level]({ namespace: entry.namespace, kafka }, entry.log.message);
  };
}
