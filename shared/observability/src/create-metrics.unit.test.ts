import { describe, expect, it } from 'vitest';
import { noopConsumerMetrics } from './consumer-metrics.js';
import { createMetrics } from './create-metrics.js';

describe('createMetrics', () => {
  it('reports consumer metrics with the service label', async () => {
    const { registry, consumer } = createMetrics({ service: 'planner' });
    consumer.consumed('account.overdue.v1', 'ack');
    consumer.consumed('account.overdue.v1', 'ack');
    consumer.consumed('account.overdue.v1', 'skip');
    consumer.failed('account.overdue.v1', true);
    consumer.deadLettered('account.overdue.v1', 'SCHEMA_INVALID');
    consumer.retried('account.overdue.v1');
    consumer.lag('account.overdue.v1', 2, 17);
    consumer.observeHandler('account.overdue.v1', 0.042);

    const text = await registry.metrics();
    // The value of the sample with exactly these labels (plus `service`), whatever their order.
    const sample = (name: string, labels: Record<string, string>) => {
      const wanted = Object.entries({ ...labels, service: 'planner' })
        .map(([key, value]) => `${key}="${value}"`)
        .sort()
        .join(',');
      for (const match of text.matchAll(/^(\w+)\{([^}]*)\} (\S+)$/gm)) {
        if (match[1] === name && match[2]?.split(',').sort().join(',') === wanted) return match[3];
      }
      return undefined;
    };
    const topic = 'account.overdue.v1';
    expect(sample('kindly_messages_consumed_total', { topic, outcome: 'ack' })).toBe('2');
    expect(sample('kindly_messages_consumed_total', { topic, outcome: 'skip' })).toBe('1');
    expect(sample('kindly_messages_failed_total', { topic, retryable: 'true' })).toBe('1');
    expect(sample('kindly_messages_dead_lettered_total', { topic, reason: 'SCHEMA_INVALID' })).toBe(
      '1',
    );
    expect(sample('kindly_messages_retried_total', { topic })).toBe('1');
    expect(sample('kindly_consumer_lag', { topic, partition: '2' })).toBe('17');
    expect(sample('kindly_handler_duration_seconds_bucket', { topic, le: '0.05' })).toBe('1');
    expect(sample('kindly_handler_duration_seconds_bucket', { topic, le: '0.025' })).toBe('0');
    expect(sample('kindly_handler_duration_seconds_count', { topic })).toBe('1');
    expect(text).toMatch(/^kindly_process_cpu_user_seconds_total\{service="planner"\} /m);
  });

  it('keeps each registry separate', async () => {
    const first = createMetrics({ service: 'planner' });
    const second = createMetrics({ service: 'planner' });
    first.consumer.retried('t');
    expect(await second.registry.metrics()).not.toMatch(/^kindly_messages_retried_total\{/m);
  });

  it('has a no-op implementation', () => {
    expect(() => {
      noopConsumerMetrics.consumed('t', 'ack');
      noopConsumerMetrics.lag('t', 0, 1);
    }).not.toThrow();
  });
});
