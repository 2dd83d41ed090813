import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import { kafkaLogCreator, KafkaLogLevel } from './kafka-log-creator.js';
import type { KafkaLogEntry } from './kafka-log-creator.js';

function setUp(level: 'debug' | 'info' = 'debug') {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'planner',
    level,
    destination: { write: (line: string) => void lines.push(line) },
  });
  let now = Date.parse('2025-03-09T06:30:00Z');
  const creator = kafkaLogCreator(logger, { now: () => now });
  const log = creator(KafkaLogLevel.INFO);
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const advance = (ms: number) => (now += ms);
  return { log, records, advance, reachability: creator.reachability };
}

function entry(
  level: number,
  message: string,
  extra: Record<string, unknown> = {},
  namespace = 'Connection',
): KafkaLogEntry {
  const label = Object.entries(KafkaLogLevel).find(([, value]) => value === level)?.[0] ?? '';
  return {
    namespace,
    level,
    label,
    log: { timestamp: '2025-03-09T06:30:00.000Z', logger: 'kafkajs', message, ...extra },
  };
}

/** What kafkajs logs, client by client, while the broker refuses connections. */
function outageEntries(retry: number): KafkaLogEntry[] {
  const refused = 'Connection error: connect ECONNREFUSED 127.0.0.1:19092';
  return [
    entry(KafkaLogLevel.ERROR, refused, {
      broker: '127.0.0.1:19092',
      clientId: 'kindly-vm',
      stack: 'Error: connect ECONNREFUSED 127.0.0.1:19092\n    at TCPConnectWrap',
    }),
    entry(
      KafkaLogLevel.ERROR,
      `Failed to connect to seed broker, trying another broker from the list: ${refused}`,
      { retryCount: retry % 6, retryTime: 300 },
      'BrokerPool',
    ),
    ...(retry % 6 === 5
      ? [
          entry(
            KafkaLogLevel.ERROR,
            `Crash: KafkaJSNumberOfRetriesExceeded: ${refused}`,
            { groupId: 'planner', retryCount: 5 },
            'Consumer',
          ),
          entry(KafkaLogLevel.INFO, 'Stopped', { groupId: 'planner' }, 'Consumer'),
          entry(
            KafkaLogLevel.ERROR,
            'Restarting the consumer in 4904ms',
            { groupId: 'planner', retryCount: 5, retryTime: 4904 },
            'Consumer',
          ),
          entry(KafkaLogLevel.INFO, 'Starting', { groupId: 'planner' }, 'Consumer'),
        ]
      : []),
  ];
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

  it('logs a broker outage by its changes of state, not per retry', () => {
    const { log, records, advance, reachability } = setUp('info');
    for (let retry = 0; retry < 210; retry++) {
      for (const each of outageEntries(retry)) log(each);
      advance(150); // ~490 kafkajs entries over 31.5 s
    }
    // The broker is back: the consumers rejoin, and requests are answered.
    log(entry(KafkaLogLevel.INFO, 'Consumer has joined the group', {}, 'ConsumerGroup'));
    reachability.reachable();
    advance(2_500);
    reachability.reachable();
    reachability.reachable();
    log(entry(KafkaLogLevel.INFO, 'Consumer has joined the group', {}, 'ConsumerGroup'));
    expect(records().map((record) => [record['level'], record['msg']])).toEqual([
      ['error', 'Kafka broker unreachable'],
      ['error', 'Kafka broker still unreachable'],
      ['info', 'Kafka broker reachable again'],
      ['info', 'Consumer has joined the group'],
    ]);
    expect(records()[0]).toMatchObject({
      component: 'kafkajs',
      kind: 'connection refused',
      broker: '127.0.0.1:19092',
    });
    expect(records()[1]).toMatchObject({ downForSeconds: 30 });
    expect(records()[2]).toMatchObject({ downForSeconds: 34 });
    expect(records()[2]?.['failures']).toBeGreaterThan(400);
  });

  it('keeps the text of the errors out of the outage lines', () => {
    const { log, records, advance, reachability } = setUp('info');
    log(
      entry(KafkaLogLevel.ERROR, 'Connection error: ECONNRESET while sending for John Smith', {
        broker: 'John Smith +14155550134',
        error: 'John Smith +14155550134',
      }),
    );
    advance(31_000);
    log(entry(KafkaLogLevel.ERROR, 'Request Produce timed out for John Smith'));
    reachability.reachable();
    advance(2_000);
    reachability.reachable();
    const text = JSON.stringify(records());
    expect(records()).toHaveLength(3);
    expect(text).not.toMatch(/John|Smith|4155550134/);
    expect(records()[1]).toMatchObject({ kind: 'timeout' });
  });

  it('logs other errors as before, also during an outage', () => {
    const { log, records } = setUp('info');
    log(entry(KafkaLogLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:19092'));
    log(
      entry(KafkaLogLevel.ERROR, 'Crash: KafkaJSProtocolError: Not authorized to access group', {
        groupId: 'g',
      }),
    );
    expect(records().map((record) => [record['level'], record['msg']])).toEqual([
      ['error', 'Kafka broker unreachable'],
      ['error', 'Crash: KafkaJSProtocolError: Not authorized to access group'],
    ]);
  });
});
