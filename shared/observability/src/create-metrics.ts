import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ConsumerMetrics } from './consumer-metrics.js';

/** Options for {@link createMetrics}. */
export interface CreateMetricsOptions {
  /** The service's name, added as the `service` label to every metric. */
  service: string;
}

/** A service's metrics: the registry to expose, and the consumer metrics to report into it. */
export interface Metrics {
  readonly registry: Registry;
  readonly consumer: ConsumerMetrics;
}

// From 5 ms (a skipped duplicate) to 30 s (a provider call at its timeout).
const HANDLER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Creates a registry of its own (never prom-client's global one, so that two calls in one process,
 * as in tests, do not clash), with the default process metrics prefixed `kindly_`, the `service`
 * label on everything, and the standard consumer metrics:
 * `kindly_messages_consumed_total{topic,outcome}`, `kindly_messages_failed_total{topic,retryable}`,
 * `kindly_messages_dead_lettered_total{topic,reason}`, `kindly_messages_retried_total{topic}`,
 * `kindly_consumer_lag{topic,partition}` and `kindly_handler_duration_seconds{topic}`.
 */
export function createMetrics(options: CreateMetricsOptions): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  collectDefaultMetrics({ register: registry, prefix: 'kindly_' });
  const registers = [registry];

  const consumed = new Counter({
    name: 'kindly_messages_consumed_total',
    help: 'Messages handled (ack) or skipped as duplicates (skip)',
    labelNames: ['topic', 'outcome'] as const,
    registers,
  });
  const failed = new Counter({
    name: 'kindly_messages_failed_total',
    help: 'Failed handling attempts, by whether the failure is retryable',
    labelNames: ['topic', 'retryable'] as const,
    registers,
  });
  const deadLettered = new Counter({
    name: 'kindly_messages_dead_lettered_total',
    help: 'Messages written to the dead-letter topic, by error code',
    labelNames: ['topic', 'reason'] as const,
    registers,
  });
  const retried = new Counter({
    name: 'kindly_messages_retried_total',
    help: 'Handling attempts repeated after a retryable failure',
    labelNames: ['topic'] as const,
    registers,
  });
  const lag = new Gauge({
    name: 'kindly_consumer_lag',
    help: 'Messages between the consumed offset and the high watermark',
    labelNames: ['topic', 'partition'] as const,
    registers,
  });
  const handlerDuration = new Histogram({
    name: 'kindly_handler_duration_seconds',
    help: 'Time spent in one handler call',
    labelNames: ['topic'] as const,
    buckets: HANDLER_BUCKETS,
    registers,
  });

  return {
    registry,
    consumer: {
      consumed: (topic, outcome) => consumed.inc({ topic, outcome }),
      failed: (topic, isRetryable) => failed.inc({ topic, retryable: String(isRetryable) }),
      deadLettered: (topic, reason) => deadLettered.inc({ topic, reason }),
      retried: (topic) => retried.inc({ topic }),
      lag: (topic, partition, value) => lag.set({ topic, partition: String(partition) }, value),
      observeHandler: (topic, seconds) => handlerDuration.observe({ topic }, seconds),
    },
  };
}
