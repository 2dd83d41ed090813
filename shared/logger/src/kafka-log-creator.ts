import type { Logger } from 'pino';
import { createOutageLog, type OutageLog } from './outage-log.js';

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

/** Where the Kafka runtime reports that the broker answered (@kindly/kafka wires it). */
export interface BrokerReachability {
  /** A request got its response. */
  reachable(): void;
}

/**
 * kafkajs' `logCreator` option, with the outage state it keeps: @kindly/kafka's `createKafka`
 * finds `reachability` here and reports every answered request to it.
 */
export type KafkaLogCreator = ((level: number) => (entry: KafkaLogEntry) => void) & {
  readonly reachability: BrokerReachability;
};

export interface KafkaLogCreatorOptions {
  /** Wall-clock milliseconds, for how long an outage lasts; `Date.now` by default. */
  readonly now?: () => number;
  /** How often a continuing outage is logged again (30 s). */
  readonly remindEveryMs?: number;
  /** How long the broker must answer, without failures, before an outage is over (2 s). */
  readonly settleMs?: number;
}

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

// Signs that the broker cannot be reached, and the kind each one is logged as: the kind, never
// the error's text, goes into the outage lines. Checked after TRANSIENT.
const UNREACHABLE: readonly (readonly [RegExp, string])[] = [
  [/ECONNREFUSED/, 'connection refused'],
  [/ECONNRESET|EPIPE|closed connection|connection (?:was |is )?closed/i, 'connection closed'],
  [/ETIMEDOUT|connection timeout|request .*timed out|KafkaJSRequestTimeoutError/i, 'timeout'],
  [/ENOTFOUND|EAI_AGAIN/, 'host not found'],
  [/EHOSTUNREACH|ENETUNREACH/, 'host unreachable'],
  [
    /connection error|failed to connect|KafkaJSConnection|KafkaJSBrokerNotFound|KafkaJSNoBrokerAvailable|no brokers? (?:are )?available/i,
    'connection failed',
  ],
];
// What kafkajs logs after a crash it restarts from: during an outage, part of the outage.
const RESTARTING = /^Restarting the consumer in/;
const BROKER = /^[\w.-]{1,253}:\d{1,5}$/;

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

function textOf(log: KafkaLogRecord): string {
  const error = log['error'];
  return typeof error === 'string' ? `${log.message} ${error}` : log.message;
}

function isTransient(log: KafkaLogRecord): boolean {
  const text = textOf(log);
  return TRANSIENT.some((pattern) => pattern.test(text));
}

function unreachableKind(log: KafkaLogRecord): string | undefined {
  const text = textOf(log);
  return UNREACHABLE.find(([pattern]) => pattern.test(text))?.[1];
}

/**
 * Routes kafkajs' own logs into pino, as kafkajs' `logCreator` option. kafkajs filters by its own
 * level first; pino's level then applies. Known transient protocol errors (coordinator loading,
 * rebalancing, leader elections) are downgraded to debug. kafkajs' extra fields go under `kafka`
 * so that its protocol `correlationId` is not taken for an event's.
 *
 * A broker outage is logged by its changes of state, not per retry (kafkajs logs every failed
 * connection attempt of every client): "Kafka broker unreachable" once, "Kafka broker still
 * unreachable" every `remindEveryMs` with how long, and "Kafka broker reachable again" once
 * requests have been answered for `settleMs`. Those lines carry the kind of failure and the
 * broker's address, never the error's text; the entries themselves go to debug, as do kafkajs'
 * own start/stop/join lines while the outage lasts.
 */
export function kafkaLogCreator(
  logger: Logger,
  options: KafkaLogCreatorOptions = {},
): KafkaLogCreator {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  const outage: OutageLog = createOutageLog({
    logger: kafkaLogger,
    messages: {
      down: 'Kafka broker unreachable',
      stillDown: 'Kafka broker still unreachable',
      up: 'Kafka broker reachable again',
    },
    now: options.now ?? Date.now,
    remindEveryMs: options.remindEveryMs ?? 30_000,
    settleMs: options.settleMs ?? 2_000,
  });
  const log = (entry: KafkaLogEntry): void => {
    let level = toPinoLevel(entry.level);
    if (level === undefined) return;
    if (level === 'error' || level === 'warn') {
      if (isTransient(entry.log)) level = 'debug';
      else {
        const kind = unreachableKind(entry.log);
        const restarting = outage.state() !== 'up' && RESTARTING.test(entry.log.message);
        if (kind !== undefined || restarting) {
          const broker = entry.log['broker'];
          outage.failed({
            kind: kind ?? 'consumer restarting',
            ...(typeof broker === 'string' && BROKER.test(broker) ? { broker } : {}),
          });
          level = 'debug';
        }
      }
    } else if (outage.state() !== 'up') level = 'debug';
    if (!kafkaLogger.isLevelEnabled(level)) return;
    const kafka = Object.fromEntries(
      Object.entries(entry.log).filter(([field]) => !DROPPED.has(field)),
    );
    kafkaLogger[level]({ namespace: entry.namespace, kafka }, entry.log.message);
  };
  return Object.assign(() => log, { reachability: { reachable: () => outage.succeeded() } });
}
