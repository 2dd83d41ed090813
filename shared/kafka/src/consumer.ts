import type { Batch, Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { isRetryable, safeErrorText } from '@kindly/errors';
import { decodeEvent } from './decode.js';
import { failureText } from './failure-text.js';
import { checkRecordKey } from './key-check.js';
import { reportAnswers } from './broker-reachability.js';
import { forwardRecord, type RecordOrigin } from './forward-record.js';
import type { HandlersFor, MessageContext, TopicBinding, Handler } from './handler.js';
import { Header, headerNumber } from './headers.js';
import { afterFailure, defaultRetryPolicy, type RetryPolicy } from './retry-policy.js';
import { noMetrics, type ConsumerMetrics, type RuntimeLogger } from './runtime-ports.js';
import { abortableSleep } from './sleep.js';
import { retryTopicOf } from '@kindly/contracts';
import { ensureRetryTopics } from './retry-topics.js';

export interface ConsumerOptions<Bindings extends Record<string, TopicBinding<unknown>>> {
  readonly kafka: Kafka;
  /** The consuming service: names its consumer group, its retry topics and its dead letters. */
  readonly service: string;
  /** Consumer group; the service name unless tests need their own. */
  readonly groupId?: string;
  readonly bindings: Bindings;
  readonly handlers: HandlersFor<Bindings>;
  /**
   * Used to write retry and dead-letter records. A retried write can store a second copy: the
   * handler drops a retry's copy as any redelivery; a dead letter's copy is listed twice.
   */
  readonly producer: Producer;
  readonly logger: RuntimeLogger;
  readonly metrics?: ConsumerMetrics;
  readonly retry?: RetryPolicy;
  /** Partitions worked on at once (6, a topic's partitions by default). */
  readonly partitionsConsumedConcurrently?: number;
  /**
   * Accounts worked on at once within one partition's batch (32): records are handled in lanes by
   * key, one account's in order, so that many accounts' waits on MongoDB and Kafka overlap.
   */
  readonly accountsAtOnce?: number;
  readonly fromBeginning?: boolean;
  /**
   * How long the group waits for a member that stopped heartbeating before giving its partitions
   * to another (30 s). Lower means faster takeover after a crash, and more rebalances on hiccups.
   */
  readonly sessionTimeoutMs?: number;
  /**
   * How long a fetch waits at the broker for new records (1 s; kafkajs' default is 5 s). Stopping
   * waits for the fetch in flight, so this bounds how long an idle consumer takes to stop; the
   * price is one empty fetch a second per broker while idle. Records are returned as soon as
   * they arrive whatever this is.
   */
  readonly maxWaitTimeMs?: number;
}

export interface RunningConsumer {
  /** True once the group is joined and partitions are assigned. */
  isReady(): boolean;
  /**
   * Finishes the messages in hand (a retry's wait is cut short and the record comes again),
   * commits the offsets of what was handled, and leaves the group, so that its partitions go to
   * another member at once rather than after the session timeout.
   */
  stop(): Promise<void>;
}

/** How often, at most, a batch handled in lanes heartbeats and lets kafkajs commit. */
const COMMIT_CHECK_MS = 200;

interface Route {
  readonly binding: TopicBinding<unknown>;
  readonly handler: Handler<unknown>;
  /** The topic's own name, for the dead-letter topic and metrics, also when read from a retry topic. */
  readonly topic: string;
  readonly fromRetryTopic: boolean;
}

/**
 * Starts a consumer that gives each topic's events, validated, to its handler; retries failures
 * (in place, then through the service's retry topic), dead-letters what cannot succeed, and
 * commits an offset only after its record was handled, skipped, or written to another topic.
 */
export async function startConsumer<Bindings extends Record<string, TopicBinding<unknown>>>(
  options: ConsumerOptions<Bindings>,
): Promise<RunningConsumer> {
  const policy = options.retry ?? defaultRetryPolicy;
  const metrics = options.metrics ?? noMetrics;
  const routes = new Map<string, Route>();
  // Each handler is only ever given what its own binding's schema produced, so widening the
  // handlers to one type here is safe; HandlersFor keeps the pairing checked for callers.
  const handlers: Readonly<Record<string, Handler<never> | undefined>> = options.handlers;
  for (const [key, typed] of Object.entries(options.bindings)) {
    const binding: TopicBinding<unknown> = typed;
    const handler = handlers[key] as Handler<unknown> | undefined;
    if (!handler) throw new Error(`no handler for ${key}`); // the types already forbid this
    routes.set(binding.topic, { binding, handler, topic: binding.topic, fromRetryTopic: false });
    routes.set(retryTopicOf(binding.topic, options.service), {
      binding,
      handler,
      topic: binding.topic,
      fromRetryTopic: true,
    });
  }
  const topics = [...routes.keys()];
  const admin = options.kafka.admin();
  await admin.connect();
  try {
    await ensureRetryTopics(
      admin,
      Object.values(options.bindings).map((b) => b.topic),
      options.service,
    );
  } finally {
    await admin.disconnect();
  }

  const consumer = options.kafka.consumer({
    groupId: options.groupId ?? options.service,
    // Retry-topic waits are slept inside a batch (with heartbeats): allow them.
    rebalanceTimeout: 180_000,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: options.maxWaitTimeMs ?? 1_000,
  });
  const stopping = new AbortController();
  let ready = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    ready = true;
  });
  consumer.on(consumer.events.CRASH, (event) => {
    // kafkajs restarts after a retriable error (a broker outage crashes every consumer, again
    // and again: kafkajs' own "Crash" entry, through the log creator, counts towards the outage's
    // lines); otherwise the consumer stays down, /readyz says so, and the platform restarts the
    // process.
    ready = false;
    const details = { error: safeErrorText(event.payload.error), restart: event.payload.restart };
    if (event.payload.restart)
      options.logger.debug(details, 'consumer crashed; kafkajs restarts it');
    else options.logger.error(details, 'consumer crashed');
  });
  reportAnswers(options.kafka, consumer);

  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
  const worker = new BatchWorker(options, routes, policy, metrics, stopping.signal);
  await consumer.run({
    autoCommit: true,
    autoCommitThreshold: 100,
    autoCommitInterval: 1_000,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 6,
    eachBatch: (payload) => worker.handleBatch(payload),
  });
  return {
    isReady: () => ready,
    stop: async () => {
      stopping.abort();
      ready = false;
      await consumer.disconnect();
    },
  };
}

type BatchPayload = Parameters<
  NonNullable<Parameters<Consumer['run']>[0]>['eachBatch'] & object
>[0];

class BatchWorker<Bindings extends Record<string, TopicBinding<unknown>>> {
  constructor(
    private readonly options: ConsumerOptions<Bindings>,
    private readonly routes: ReadonlyMap<string, Route>,
    private readonly policy: RetryPolicy,
    private readonly metrics: ConsumerMetrics,
    private readonly stopping: AbortSignal,
  ) {
    this.lanesAtOnce = Math.max(1, options.accountsAtOnce ?? 32);
  }

  private readonly lanesAtOnce: number;

  async handleBatch(payload: BatchPayload): Promise<void> {
    const { batch } = payload;
    const route = this.routes.get(batch.topic);
    if (!route) throw new Error(`no route for topic ${batch.topic}`);
    this.reportLag(batch);
    if (route.fromRetryTopic) await this.handleInTurn(payload, route);
    else await this.handleByAccount(payload, route);
  }

  /**
   * A retry topic's records, one after another: each waits until it is due, and the records
   * behind it are due later still.
   */
  private async handleInTurn(payload: BatchPayload, route: Route): Promise<void> {
    const { batch } = payload;
    for (const message of batch.messages) {
      if (this.mustStop(payload)) return;
      const origin = { topic: batch.topic, partition: batch.partition, offset: message.offset };
      const waited = await this.waitUntilDue(message, () => payload.heartbeat());
      if (!waited) return; // stopping: the record stays uncommitted and comes again
      const handled = await this.handleRecord(route, message, origin);
      if (!handled) return; // stopping mid-retry: the record stays uncommitted and comes again
      payload.resolveOffset(message.offset);
      await payload.heartbeat();
      await payload.commitOffsetsIfNecessary();
    }
  }

  /**
   * A batch's records in lanes by key (the account): each lane in order, up to `lanesAtOnce`
   * lanes at a time, so one account's events keep their order while the waits of many accounts'
   * handlers overlap. An offset is resolved (and so committed) only when every record up to it
   * was handled; after a stop or a failure the records behind the first unhandled one come
   * again, which the handlers' idempotence makes harmless.
   */
  private async handleByAccount(payload: BatchPayload, route: Route): Promise<void> {
    const { batch } = payload;
    const done = new Array<boolean>(batch.messages.length).fill(false);
    let resolvedUpTo = 0;
    let failure: { error: unknown } | undefined;
    const lanes = [...lanesByKey(batch.messages).values()];
    // A lane's failure stops the others at their next record, and cuts short a retry's wait.
    const failed = new AbortController();
    const interrupt = AbortSignal.any([this.stopping, failed.signal]);
    let lastCommitCheck = Date.now();
    const finishRecord = async (index: number) => {
      done[index] = true;
      const before = resolvedUpTo;
      while (resolvedUpTo < done.length && done[resolvedUpTo]) resolvedUpTo++;
      if (resolvedUpTo > before) payload.resolveOffset(batch.messages[resolvedUpTo - 1]!.offset);
      // Heartbeat while any lane makes progress, even behind a slow first record. kafkajs counts
      // every resolved offset on each commit check: a few a second are plenty (it checks again
      // itself when the batch ends).
      if (Date.now() - lastCommitCheck < COMMIT_CHECK_MS) return;
      lastCommitCheck = Date.now();
      await payload.heartbeat();
      await payload.commitOffsetsIfNecessary();
    };
    let nextLane = 0;
    const runLanes = async () => {
      for (let lane = lanes[nextLane++]; lane; lane = lanes[nextLane++]) {
        for (const index of lane) {
          if (failure || this.mustStop(payload)) return;
          const message = batch.messages[index]!;
          const origin = { topic: batch.topic, partition: batch.partition, offset: message.offset };
          try {
            await this.handleRecord(route, message, origin, interrupt);
            await finishRecord(index);
          } catch (error) {
            failure ??= { error };
            failed.abort();
            return;
          }
        }
      }
    };
    const workers = Math.min(this.lanesAtOnce, lanes.length);
    await Promise.all(Array.from({ length: workers }, runLanes));
    if (failure) throw failure.error;
  }

  private mustStop(payload: BatchPayload): boolean {
    return !payload.isRunning() || payload.isStale() || this.stopping.aborted;
  }

  /**
   * Handles, retries or forwards one record. Throws when `interrupt` (stopping, or another lane's
   * failure) cuts a retry's wait short: the record stays uncommitted and comes again.
   */
  private async handleRecord(
    route: Route,
    message: KafkaMessage,
    origin: RecordOrigin,
    interrupt: AbortSignal = this.stopping,
  ): Promise<boolean> {
    // Most records log nothing: the child logger is made only for one that does.
    let child: RuntimeLogger | undefined;
    const log = () =>
      (child ??= this.options.logger.child({
        topic: origin.topic,
        partition: origin.partition,
        offset: origin.offset,
      }));
    const priorAttempts = headerNumber(message.headers, Header.attempts) ?? 0;
    const retryRound = headerNumber(message.headers, Header.retryRound) ?? 0;
    const decoded = decodeEvent(message.value, route.binding.schema, route.binding.type);
    if (!decoded.ok) {
      log().warn(
        { reason: decoded.reason, detail: decoded.detail },
        'invalid record: dead-lettered',
      );
      await this.deadLetter(route, message, origin, decoded.reason, decoded.detail, priorAttempts);
      return true;
    }
    const wrongKey = checkRecordKey(message.key, decoded.event);
    if (wrongKey) {
      log().warn({ reason: wrongKey.reason }, 'record not keyed by its account: dead-lettered');
      await this.deadLetter(
        route,
        message,
        origin,
        wrongKey.reason,
        wrongKey.detail,
        priorAttempts,
      );
      return true;
    }
    for (let attempt = 1; ; attempt++) {
      const context: MessageContext = { ...origin, attempt: priorAttempts + attempt };
      const started = process.hrtime.bigint();
      try {
        const outcome = await route.handler(decoded.event, context);
        this.metrics.observeHandler(route.topic, Number(process.hrtime.bigint() - started) / 1e9);
        this.metrics.consumed(route.topic, outcome.type);
        if (outcome.type === 'skip') log().debug({ reason: outcome.reason }, 'skipped');
        return true;
      } catch (error) {
        const retryable = isRetryable(error);
        this.metrics.failed(route.topic, retryable);
        const next = afterFailure(this.policy, retryable, attempt, retryRound);
        log().warn(
          { error: failureText(error), retryable, attempt: context.attempt, next: next.action },
          'handler failed',
        );
        if (next.action === 'retry-in-place') {
          await abortableSleep(next.delayMs, interrupt);
          if (interrupt.aborted)
            throw new Error('interrupted during a retry: the record will come again');
          continue;
        }
        if (next.action === 'retry-topic') {
          await this.sendToRetryTopic(
            route,
            message,
            origin,
            context.attempt,
            retryRound + 1,
            next.delayMs,
            error,
          );
          return true;
        }
        await this.deadLetter(
          route,
          message,
          origin,
          retryable ? 'RETRIES_EXHAUSTED' : 'PERMANENT_FAILURE',
          failureText(error),
          context.attempt,
        );
        return true;
      }
    }
  }

  private async sendToRetryTopic(
    route: Route,
    message: KafkaMessage,
    origin: RecordOrigin,
    attempts: number,
    retryRound: number,
    delayMs: number,
    error: unknown,
  ): Promise<void> {
    await this.options.producer.send({
      topic: retryTopicOf(route.topic, this.options.service),
      acks: -1,
      messages: [
        forwardRecord(message, origin, {
          [Header.attempts]: String(attempts),
          [Header.retryRound]: String(retryRound),
          [Header.notBefore]: String(Date.now() + delayMs),
          [Header.deadLetterError]: failureText(error),
        }),
      ],
    });
    this.metrics.retried(route.topic);
  }

  /** Writes the record to the dead-letter topic; if that fails, the error stops the offset's commit. */
  private async deadLetter(
    route: Route,
    message: KafkaMessage,
    origin: RecordOrigin,
    reason: string,
    detail: string,
    attempts: number,
  ): Promise<void> {
    await this.options.producer.send({
      topic: `${route.topic}.dlq`,
      acks: -1,
      messages: [
        forwardRecord(message, origin, {
          [Header.deadLetterReason]: reason,
          [Header.deadLetterError]: detail,
          [Header.deadLetterService]: this.options.service,
          [Header.deadLetterAt]: new Date().toISOString(),
          [Header.attempts]: String(attempts),
        }),
      ],
    });
    this.metrics.deadLettered(route.topic, reason);
  }

  /** Sleeps until a retry record is due, heartbeating; false when the consumer is stopping. */
  private async waitUntilDue(
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<boolean> {
    const due = headerNumber(message.headers, Header.notBefore) ?? 0;
    while (!this.stopping.aborted) {
      const wait = due - Date.now();
      if (wait <= 0) return true;
      await abortableSleep(Math.min(wait, 2_000), this.stopping);
      await heartbeat();
    }
    return false;
  }

  private reportLag(batch: Batch): void {
    const lag = Number(batch.offsetLag());
    if (Number.isFinite(lag)) this.metrics.lag(batch.topic, batch.partition, lag);
  }
}

/** The indexes of a batch's records grouped by key, each group in offset order. */
function lanesByKey(messages: readonly KafkaMessage[]): Map<string, number[]> {
  const lanes = new Map<string, number[]>();
  messages.forEach((message, index) => {
    // A record without a key has no account to keep in order with: it forms its own lane group.
    const key = message.key === null ? '' : message.key.toString('latin1');
    const lane = lanes.get(key);
    if (lane) lane.push(index);
    else lanes.set(key, [index]);
  });
  return lanes;
}
