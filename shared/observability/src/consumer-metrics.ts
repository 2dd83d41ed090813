/** What became of a consumed message that did not fail: handled, or skipped (a duplicate). */
export type ConsumeOutcome = 'ack' | 'skip';

/**
 * The metrics a Kafka consumer reports. The Kafka runtime depends on this interface, not on
 * prom-client, so that tests pass {@link noopConsumerMetrics} and the runtime stays unaware of how
 * metrics are exported.
 *
 * Label values must come from a small set (topics, error codes), never from message content:
 * each distinct value is a new time series.
 */
export interface ConsumerMetrics {
  /** A message was handled (`ack`) or skipped as a duplicate (`skip`). */
  consumed(topic: string, outcome: ConsumeOutcome): void;
  /** One handling attempt failed. */
  failed(topic: string, retryable: boolean): void;
  /** A message went to the dead-letter topic; `reason` is an error code such as `SCHEMA_INVALID`. */
  deadLettered(topic: string, reason: string): void;
  /** A message is being handled again after a retryable failure. */
  retried(topic: string): void;
  /** How many messages a partition is behind its high watermark. */
  lag(topic: string, partition: number, value: number): void;
  /** How long one handler call took, in seconds. */
  observeHandler(topic: string, seconds: number): void;
}

const ignore = (): void => undefined;

/** Metrics that go nowhere, for tests and tools that do not export metrics. Stateless. */
export const noopConsumerMetrics: ConsumerMetrics = Object.freeze({
  consumed: ignore,
  failed: ignore,
  deadLettered: ignore,
  retried: ignore,
  lag: ignore,
  observeHandler: ignore,
});
