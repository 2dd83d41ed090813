import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import { kafkaLogCreator, KafkaLogLevel } from './kafka-log-creator.js';
import type { KafkaLogEntry } from './kafka-log-creator.js';

function setUp() {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'planner',
    level: 'debug',
    destination: { write: (line: string) => void lines.push(line) },
  });
  const log = kafkaLogCreator(logger)(KafkaLogLevel.INFO);
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { log, records };
}

function entry(level: number, message: string, extra: Record<string, unknown> = {}): KafkaLogEntry {
  const label = Object.entries(KafkaLogLevel).find(([, value]) => value === level)?.[0] ?? '';
  return {
    namespace: 'Connection',
    level,
    label,
    log: { timestamp: '2025-03-09T06:30:00.000Z', logger: 'kafkajs', message, ...extra },
  };
}

describe('kafkaLogCreator', () => {
  it('maps kafkajs levels to pino levels and keeps extra fields under `kafka`', () => {
    const { log, records } = setUp();
    log(entry(KafkaLogLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded', { groupId: 'g' }));
    log(entry(KafkaLogLevel.WARN, 'Slow broker', { broker: '127.0.0.1:19092' }));
    log(entry(KafkaLogLevel.INFO, 'Consumer has joined the group'));
    log(entry(KafkaLogLevel.DEBUG, 'Request Fetch'));
    log(entry(KafkaLogLevel.NOTHING, 'never'));
    expect(records().map((record) => [record['level'], record['msg']])).toEqual([
      ['error', 'Crash: KafkaJSNumberOfRetriesExceeded'],
      ['warn', 'Slow broker'],
      ['info', 'Consumer has joined the group'],
      ['debug', 'Request Fetch'],
    ]);
    expect(records()[0]).toMatchObject({
      component: 'kafkajs',
      namespace: 'Connection',
      kafka: { groupId: 'g' },
    });
    expect(records()[0]?.['kafka']).not.toHaveProperty('timestamp');
  });

  it('downgrades transient protocol errors to debug', () => {
    const { log, records } = setUp();
    log(
      entry(KafkaLogLevel.ERROR, 'Response GroupCoordinator(key: 10, version: 2)', {
        error: "The coordinator is loading and hence can't process requests for this group",
      }),
    );
    log(entry(KafkaLogLevel.ERROR, 'This server does not host this topic-partition'));
    log(entry(KafkaLogLevel.WARN, 'The group is rebalancing, re-joining'));
    log(entry(KafkaLogLevel.ERROR, 'The group coordinator is not available'));
    expect(records().map((record) => record['level'])).toEqual([
      'debug',
      'debug',
      'debug',
      'debug',
    ]);
  });

  it('masks personal data that kafkajs includes', () => {
    const { log, records } = setUp();
    log(entry(KafkaLogLevel.ERROR, 'Failed to send', { error: 'bad record for a@b.example' }));
    expect(JSON.stringify(records())).not.toContain('a@b.example');
  });
});
